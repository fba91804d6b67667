import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseExclusion, CaseExclusionCreate, CaseExclusionListQuery, listOf, Uuid } from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { CaseExclusionsService } from './case-exclusions.service.js';

const IdParams = z.object({ id: Uuid });

export async function caseExclusionsRoutes(
  app: FastifyInstance,
  { caseExclusions }: { caseExclusions: CaseExclusionsService },
) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['case exclusions'];

  routes.get(
    '/api/case-exclusions',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'List case exclusions (mediators never offered a case)',
        security: bearer,
        querystring: CaseExclusionListQuery,
        response: { 200: listOf(CaseExclusion), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return caseExclusions.list(filter, { limit, offset });
    },
  );

  routes.post(
    '/api/case-exclusions',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Exclude a mediator from a case (conflict of interest)',
        description: 'A case is an organization’s case reference. The same exclusion twice is 409 CONFLICT.',
        security: bearer,
        body: CaseExclusionCreate,
        response: { 201: CaseExclusion, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await caseExclusions.create(request.user, request.body)),
  );

  routes.delete(
    '/api/case-exclusions/:id',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Remove a case exclusion',
        security: bearer,
        params: IdParams,
        response: { 204: z.null().describe('Removed'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await caseExclusions.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
