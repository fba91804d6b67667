import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignmentsQuery,
  Availability,
  AvailabilityInput,
  listOf,
  Mediator,
  MediatorAssignment,
  MediatorCalendarLink,
  MediatorCreate,
  MediatorListQuery,
  MediatorPatch,
  MediatorSummary,
  Uuid,
} from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { MediatorsService } from './mediators.service.js';

const IdParams = z.object({ id: Uuid });

export async function mediatorsRoutes(app: FastifyInstance, { mediators }: { mediators: MediatorsService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['mediators'];
  const coordinatorOrSelf = app.requireRole('coordinator', 'mediator');

  routes.get(
    '/api/mediators',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'List mediators, by language, district or active',
        security: bearer,
        querystring: MediatorListQuery,
        response: { 200: listOf(MediatorSummary), ...problems(400, 401, 403) },
      },
    },
    async (request) => mediators.list(request.query),
  );

  routes.post(
    '/api/mediators',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Create a mediator',
        security: bearer,
        body: MediatorCreate,
        response: { 201: Mediator, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await mediators.create(request.body)),
  );

  routes.get(
    '/api/mediators/:id',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'Read a mediator profile (a mediator reads their own)',
        security: bearer,
        params: IdParams,
        response: { 200: Mediator, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.get(request.user, request.params.id),
  );

  routes.patch(
    '/api/mediators/:id',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'Change a mediator profile (a mediator: their phone, modes, districts and dialects)',
        security: bearer,
        params: IdParams,
        body: MediatorPatch,
        response: { 200: Mediator, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.update(request.user, request.params.id, request.body),
  );

  routes.get(
    '/api/mediators/:id/availability',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'Read weekly availability (Europe/Rome wall clock) and time off',
        security: bearer,
        params: IdParams,
        response: { 200: Availability, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.getAvailability(request.user, request.params.id),
  );

  routes.put(
    '/api/mediators/:id/availability',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'Replace weekly availability and time off',
        security: bearer,
        params: IdParams,
        body: AvailabilityInput,
        response: { 200: Availability, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.replaceAvailability(request.user, request.params.id, request.body),
  );

  routes.get(
    '/api/mediators/:id/assignments',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'List a mediator’s assignments overlapping from–to',
        security: bearer,
        params: IdParams,
        querystring: AssignmentsQuery,
        response: { 200: z.array(MediatorAssignment), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.listAssignments(request.user, request.params.id, request.query),
  );

  routes.post(
    '/api/mediators/:id/calendar-token',
    {
      onRequest: coordinatorOrSelf,
      schema: {
        tags,
        summary: 'Issue a new calendar feed URL; the old one stops working',
        security: bearer,
        params: IdParams,
        response: { 200: MediatorCalendarLink, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => mediators.regenerateCalendarToken(request.user, request.params.id),
  );
}
