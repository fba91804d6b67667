import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApprovalBody,
  AssignBody,
  CancelBody,
  Candidates,
  CompleteBody,
  ConfirmBody,
  listOf,
  RequestCreate,
  RequestDetail,
  RequestListQuery,
  RequestPatch,
  RequestSummary,
  secretText,
  Uuid,
  WithdrawBody,
  WithdrawResult,
} from '@ponte/shared';
import { bearer, problems } from '../../lib/route-schemas.js';
import type { RequestsService } from './requests.service.js';

const IdParams = z.object({ id: Uuid });
const IdempotencyHeaders = z.object({ 'idempotency-key': secretText(8, 200).optional() });

export async function requestsRoutes(app: FastifyInstance, { requests }: { requests: RequestsService }) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['requests'];

  routes.post(
    '/api/requests',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'Ask for a mediator; dispatch starts at once',
        description:
          'With an Idempotency-Key header, the same key and body return the first response; the same key with another body is 422. The request is charged to the first funding line (by `from`) that covers it; over that line’s budget it is `overBudget`, and under an `approve` line its status is `awaiting_approval` until a coordinator decides.',
        security: bearer,
        headers: IdempotencyHeaders,
        body: RequestCreate,
        response: { 201: RequestDetail, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { request: created } = await requests.create(
        request.user,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.code(201).send(created);
    },
  );

  routes.get(
    '/api/requests',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'List requests (a requester sees their organization’s)',
        security: bearer,
        querystring: RequestListQuery,
        response: { 200: listOf(RequestSummary), ...problems(400, 401, 403) },
      },
    },
    // Already JSON (a page built by the database): sent as it is, not serialized again.
    async (request, reply) => {
      const { limit, offset, status, from, to, ...rest } = request.query;
      const page = await requests.list(
        request.user,
        {
          ...rest,
          ...(status ? { statuses: status } : {}),
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
        },
        { limit, offset },
      );
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(page);
    },
  );

  routes.get(
    '/api/requests/:id',
    {
      onRequest: app.requireRole(),
      schema: {
        tags,
        summary: 'A request with its timeline',
        security: bearer,
        params: IdParams,
        response: { 200: RequestDetail, ...problems(400, 401, 404) },
      },
    },
    async (request) => requests.get(request.user, request.params.id),
  );

  routes.post(
    '/api/requests/:id/cancel',
    {
      onRequest: app.requireRole('requester', 'coordinator'),
      schema: {
        tags,
        summary: 'Cancel (less than 24 h before an assigned start is marked late)',
        security: bearer,
        params: IdParams,
        body: CancelBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.cancel(request.user, request.params.id, request.body.reason),
  );

  routes.patch(
    '/api/requests/:id',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Charge the request to another funding line (null: to none)',
        description:
          'The target line is locked like a new charge; `overBudget` says whether the request takes it beyond its budget. The status stays (a request awaiting approval still waits). The timeline records `charge_moved`.',
        security: bearer,
        params: IdParams,
        body: RequestPatch,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => requests.moveCharge(request.user, request.params.id, request.body.fundingLineId),
  );

  routes.post(
    '/api/requests/:id/approve',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Let a request awaiting approval (over its funding line’s budget) start dispatch',
        security: bearer,
        params: IdParams,
        body: ApprovalBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.approve(request.user, request.params.id, request.body.reason),
  );

  routes.post(
    '/api/requests/:id/reject',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Refuse a request awaiting approval: it is cancelled',
        security: bearer,
        params: IdParams,
        body: ApprovalBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.reject(request.user, request.params.id, request.body.reason),
  );

  routes.get(
    '/api/requests/:id/candidates',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Eligible mediators ranked with reasons, and excluded ones with theirs',
        security: bearer,
        params: IdParams,
        response: { 200: Candidates, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => requests.candidates(request.params.id),
  );

  routes.post(
    '/api/requests/:id/assign',
    {
      onRequest: app.requireRole('coordinator'),
      schema: {
        tags,
        summary: 'Assign a mediator by hand',
        security: bearer,
        params: IdParams,
        body: AssignBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.assign(request.user, request.params.id, request.body.mediatorId),
  );

  routes.post(
    '/api/requests/:id/withdraw',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'The assigned mediator withdraws; the request is dispatched again without them',
        description:
          'With `conflictOfInterest: true` (the mediator knows the family) the mediator is also excluded from the case — the organization’s case reference — and `caseExclusionId` names the exclusion.',
        security: bearer,
        params: IdParams,
        body: WithdrawBody,
        response: { 200: WithdrawResult, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      requests.withdraw(request.user, request.params.id, request.body.reason, {
        conflictOfInterest: request.body.conflictOfInterest ?? false,
      }),
  );

  routes.post(
    '/api/requests/:id/complete',
    {
      onRequest: app.requireRole('mediator'),
      schema: {
        tags,
        summary: 'The assigned mediator reports the work done (after the start)',
        security: bearer,
        params: IdParams,
        body: CompleteBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.complete(request.user, request.params.id, request.body),
  );

  routes.post(
    '/api/requests/:id/confirm',
    {
      onRequest: app.requireRole('requester'),
      schema: {
        tags,
        summary: 'The requester confirms or disputes the service, with a rating',
        security: bearer,
        params: IdParams,
        body: ConfirmBody,
        response: { 200: RequestDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requests.confirm(request.user, request.params.id, request.body),
  );
}
