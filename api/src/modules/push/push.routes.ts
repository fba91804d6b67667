import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PushPublicKey, PushSubscriptionBody, PushSubscriptionCreated, Uuid } from '@ponte/shared';
import { bearer, problems, publicAccess } from '../../lib/route-schemas.js';
import type { PushService } from './push.service.js';

const IdParams = z.object({ id: Uuid });

export async function pushRoutes(app: FastifyInstance, { push }: { push: PushService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['push'];

  routes.get(
    '/api/push/public-key',
    {
      schema: {
        tags,
        summary: 'The VAPID public key: the applicationServerKey a browser subscribes with',
        security: publicAccess,
        response: { 200: PushPublicKey, ...problems('4xx') },
      },
    },
    async () => push.publicKey(),
  );

  routes.post(
    '/api/push/subscriptions',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'Subscribe this browser to push notifications (201 new, 200 already known)',
        description:
          'The endpoint must be https on a host of PUSH_ENDPOINT_HOSTS (the browsers’ push services); any other is 400 naming `endpoint`.',
        security: bearer,
        body: PushSubscriptionBody,
        response: {
          200: PushSubscriptionCreated.describe('Already subscribed: the same subscription'),
          201: PushSubscriptionCreated,
          ...problems(400, 401),
        },
      },
    },
    async (request, reply) => {
      const { id, created } = await push.subscribe(request.user, request.body);
      return reply.code(created ? 201 : 200).send({ id });
    },
  );

  routes.delete(
    '/api/push/subscriptions/:id',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'Unsubscribe one of my devices',
        security: bearer,
        params: IdParams,
        response: { 204: z.null().describe('Unsubscribed'), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await push.unsubscribe(request.user, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
