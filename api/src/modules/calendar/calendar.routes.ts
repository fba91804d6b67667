import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { secretText, Uuid } from '@ponte/shared';
import { problems, publicAccess } from '../../lib/route-schemas.js';
import type { CalendarService } from './calendar.service.js';

const IdParams = z.object({ id: Uuid });
const FeedQuery = z.object({
  token: secretText(0, 200).optional().describe('The secret of the feed, as in the mediator’s calendarUrl'),
});

export async function calendarRoutes(app: FastifyInstance, { calendar }: { calendar: CalendarService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/mediators/:id/calendar.ics',
    {
      // The URL carries the secret: the info-level request log would write it out, so only warnings are logged here.
      logLevel: 'warn',
      schema: {
        tags: ['mediators'],
        summary: 'A mediator’s assignments as an iCalendar feed (secret token in the URL, no bearer)',
        security: publicAccess,
        params: IdParams,
        querystring: FeedQuery,
        response: {
          200: { description: 'An iCalendar (RFC 5545) feed', content: { 'text/calendar': { schema: z.string() } } },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const feed = await calendar.feed(request.params.id, request.query.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline; filename="ponte.ics"')
        .send(feed);
    },
  );
}
