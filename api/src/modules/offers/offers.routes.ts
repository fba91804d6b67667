import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AcceptResult, DeclineBody, Offer, OfferListQuery, Uuid } from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { OffersService } from './offers.service.js';

const IdParams = z.object({ id: Uuid });

export async function offersRoutes(app: FastifyInstance, { offers }: { offers: OffersService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['offers'];

  routes.get(
    '/api/offers',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'My offers (only what is needed to decide)',
        security: bearer,
        querystring: OfferListQuery,
        response: { 200: z.array(Offer), ...problems(400, 401, 403) },
      },
    },
    // Already JSON (an Offer[] built by the database): sent as it is, not serialized again.
    async (request, reply) =>
      (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(await offers.list(request.user, request.query.status)),
  );

  routes.post(
    '/api/offers/:id/accept',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'Accept an offer: the first accept wins',
        description:
          '409 OFFER_UNAVAILABLE when taken, withdrawn or expired; 409 MEDIATOR_BUSY when it overlaps another assignment.',
        security: bearer,
        params: IdParams,
        response: { 200: AcceptResult, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => offers.accept(request.user, request.params.id),
  );

  routes.post(
    '/api/offers/:id/decline',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'Decline an offer',
        security: bearer,
        params: IdParams,
        body: DeclineBody.optional(),
        response: { 200: Offer, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => offers.decline(request.user, request.params.id, request.body?.reason),
  );
}
