import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ListQuery, listOf, Me, MePatch, User, UserCreate, UserCreated } from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { UsersService } from './users.service.js';

export async function usersRoutes(app: FastifyInstance, { users }: { users: UsersService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/me',
    {
      onRequest: app.requireRole(),
      schema: { tags: ['users'], summary: 'Who I am', security: bearer, response: { 200: Me, ...problems(401) } },
    },
    async (request) => users.me(request.user),
  );

  routes.patch(
    '/api/me',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['users'],
        summary: 'Change my language or name',
        security: bearer,
        body: MePatch,
        response: { 200: Me, ...problems(400, 401) },
      },
    },
    async (request) => users.updateMe(request.user, request.body),
  );

  routes.get(
    '/api/users',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags: ['users'],
        summary: 'List users',
        security: bearer,
        querystring: ListQuery,
        response: { 200: listOf(User), ...problems(400, 401, 403) },
      },
    },
    async (request) => users.list(request.query),
  );

  routes.post(
    '/api/users',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags: ['users'],
        summary: 'Create a user, with a password or an invitation link',
        security: bearer,
        body: UserCreate,
        response: { 201: UserCreated, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await users.create(request.body)),
  );
}
