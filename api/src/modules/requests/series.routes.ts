import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  SeriesCancelBody,
  SeriesCreate,
  SeriesDetail,
  SeriesPreview,
  SeriesPreviewBody,
  SeriesWithdrawBody,
  Uuid,
} from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { RequestsService } from './requests.service.js';

const IdParams = z.object({ id: Uuid });

/** API.md, "Series: a course of sessions". */
export async function seriesRoutes(app: FastifyInstance, { requests }: { requests: RequestsService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['series'];

  routes.post(
    '/api/series',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'Book a course of sessions in one go; the series is offered whole first',
        description:
          'A weekly rule `{first, until, weekdays, start}` (Europe/Rome time) or `{dates}`; Italian public holidays are skipped unless `skipHolidays` is false, and `excludeDates` too. 1–60 sessions.',
        security: bearer,
        body: SeriesCreate,
        response: { 201: SeriesDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await requests.createSeries(request.user, request.body)),
  );

  routes.post(
    '/api/series/preview',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'The dates a series rule gives, holidays and excluded dates apart; nothing is booked',
        security: bearer,
        body: SeriesPreviewBody,
        response: { 200: SeriesPreview, ...problems(400, 401, 403) },
      },
    },
    async (request) => requests.previewSeries(request.body),
  );

  routes.get(
    '/api/series/:id',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'A series with its sessions',
        security: bearer,
        params: IdParams,
        response: { 200: SeriesDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => requests.getSeries(request.user, request.params.id),
  );

  routes.post(
    '/api/series/:id/cancel',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'Cancel the sessions not yet held, from a date when given (each judged late on its own)',
        security: bearer,
        params: IdParams,
        body: SeriesCancelBody,
        response: { 200: SeriesDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.cancelSeries(request.user, request.params.id, request.body.reason, request.body.from),
  );

  routes.post(
    '/api/series/:id/withdraw',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'The mediator withdraws from every session of the series they hold; each is dispatched again alone',
        security: bearer,
        params: IdParams,
        body: SeriesWithdrawBody,
        response: { 200: z.object({ withdrawn: z.int() }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.withdrawFromSeries(request.user, request.params.id, request.body.reason),
  );
}
