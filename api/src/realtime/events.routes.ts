import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { secretText } from '@ponte/shared';
import { bearer, problems } from '../lib/route-schemas.js';
import type { LiveHub } from './live-hub.js';

const EventsQuery = z.object({
  access_token: secretText(0, 4000)
    .optional()
    .describe('The access token: EventSource cannot send an Authorization header'),
  lastEventId: z.coerce.number().int().min(0).optional().describe('Same as the Last-Event-ID header'),
});

export async function eventsRoutes(app: FastifyInstance, { hub }: { hub: LiveHub }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/events',
    {
      onRequest: app.requireRole(),
      schema: {
        tags: ['live'],
        summary: 'Server-Sent Events for the signed-in user',
        description:
          'Events: offer.created, offer.withdrawn, offer.expired, request.updated (data: {id, requestId, status, …}); `resync` when missed events cannot be replayed. A heartbeat comment every 20 s. Reconnect with Last-Event-ID to receive what was missed.',
        security: bearer,
        querystring: EventsQuery,
        response: {
          200: {
            description: 'The event stream, open until the client hangs up',
            content: {
              'text/event-stream': {
                schema: z.string().describe('Server-Sent Events (`id:`, `event:`, `data:` JSON)'),
              },
            },
          },
          ...problems(401),
        },
      },
    },
    async (request, reply) => {
      const header = request.headers['last-event-id'];
      const fromHeader = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
      const lastEventId = fromHeader ?? request.query.lastEventId;
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      stream.write('retry: 3000\n\n');
      const unsubscribe = await hub.subscribe(request.user, stream, lastEventId);
      // The stream ends when the access token does; the client reconnects with a fresh one.
      const expiresAt = (request.user as { exp?: number }).exp;
      const expiry = expiresAt ? setTimeout(() => stream.end(), Math.max(0, expiresAt * 1000 - Date.now())) : undefined;
      expiry?.unref();
      request.raw.on('close', () => {
        clearTimeout(expiry);
        unsubscribe();
      });
    },
  );
}
