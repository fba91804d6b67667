import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ListQuery, listOf, Organization, OrganizationCreate, OrganizationPatch, Uuid } from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { OrganizationsService } from './organizations.service.js';

const IdParams = z.object({ id: Uuid });

export async function organizationsRoutes(
  app: FastifyInstance,
  { organizations }: { organizations: OrganizationsService },
) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];

  routes.get(
    '/api/organizations',
    {
      onRequest: app.requireRole('coordinator', 'requester'),
      schema: {
        tags,
        summary: 'List organizations (a requester sees their own)',
        security: bearer,
        querystring: ListQuery,
        response: { 200: listOf(Organization), ...problems(400, 401, 403) },
      },
    },
    async (request) => organizations.list(request.user, request.query),
  );

  routes.post(
    '/api/organizations',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Create an organization',
        security: bearer,
        body: OrganizationCreate,
        response: { 201: Organization, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await organizations.create(request.body)),
  );

  routes.get(
    '/api/organizations/:id',
    {
      onRequest: app.requireRole('coordinator', 'requester'),
      schema: {
        tags,
        summary: 'Read an organization',
        security: bearer,
        params: IdParams,
        response: { 200: Organization, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => organizations.get(request.user, request.params.id),
  );

  routes.patch(
    '/api/organizations/:id',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Change an organization',
        security: bearer,
        params: IdParams,
        body: OrganizationPatch,
        response: { 200: Organization, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => organizations.update(request.params.id, request.body),
  );
}
