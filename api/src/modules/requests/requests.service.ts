import { createHash } from 'node:crypto';
import {
  serviceTypesByKind,
  type RequestCreate as RequestCreateSchema,
  type RequestDetail,
  type SeriesCreate as SeriesCreateSchema,
  type SeriesDetail,
  type SeriesPreview,
  type SeriesPreviewBody as SeriesPreviewSchema,
} from '@ponte/shared';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { canSeeRequest } from '../../domain/request-access.js';
import { expandSeries, type SeriesExpansion } from '../../domain/series.js';
import { italianPublicHoliday } from '../../lib/holidays.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import type { Dispatcher } from '../dispatch/dispatch.service.js';
import { describeRequest } from './request-detail.js';
import { createRequestListQueries, EMPTY_REQUEST_PAGE, type Page, type RequestFilter } from './request-list.query.js';
import { toRequestDetail } from './request-mapper.js';
import { requestsRepository } from './requests.repository.js';

type RequestCreateInput = z.output<typeof RequestCreateSchema>;
type SeriesCreateInput = z.output<typeof SeriesCreateSchema>;
type SeriesPreviewInput = z.output<typeof SeriesPreviewSchema>;
type Validated = Awaited<ReturnType<ReturnType<typeof createRequestsService>['validateCreate']>>;

const toPreview = (expansion: SeriesExpansion & { ok: true }): SeriesPreview => ({
  sessions: expansion.sessions.map((session) => ({ date: session.date, startsAt: session.startsAt.toISOString() })),
  skipped: expansion.skipped.map((session) => ({
    date: session.date,
    startsAt: session.startsAt.toISOString(),
    reason: session.reason,
    name: session.name,
  })),
});
const PAST_TOLERANCE_MS = 60_000;

/** Stable across key order, so a retry of the same body matches whatever the client's serializer did. */
function bodyHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, item]) => [key, canonical(item)]),
        )
      : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

export function createRequestsService(context: AppContext, dispatcher: Dispatcher) {
  const { db, clock, config, log } = context;
  const requestLists = createRequestListQueries(db);

  async function validateCreate(caller: Caller, input: RequestCreateInput) {
    const organizationId = caller.role === 'requester' ? caller.organizationId : input.organizationId;
    if (caller.role === 'requester' && input.organizationId && input.organizationId !== caller.organizationId)
      throw notFound('Organization');
    if (!organizationId) throw fieldError('organizationId', 'is required for a coordinator');
    const found = await requestsRepository.findOrganizationForCreate(db, organizationId, input.languageCode);
    if (!found) throw fieldError('organizationId', 'no such organization');
    const { organization } = found;
    if (!(serviceTypesByKind[organization.kind] as readonly string[]).includes(input.serviceType)) {
      throw fieldError(
        'serviceType',
        `is not a service of a ${organization.kind === 'school' ? 'school' : 'social service'} (${serviceTypesByKind[organization.kind].join(', ')})`,
      );
    }
    if (!found.languageKnown) throw fieldError('languageCode', 'is not a language Ponte knows');
    const startsAt = new Date(input.startsAt);
    if (startsAt.getTime() < clock.now().getTime() - PAST_TOLERANCE_MS) throw fieldError('startsAt', 'is in the past');
    if (input.genderRequired && !input.genderPreference)
      throw fieldError('genderPreference', 'is required when genderRequired is true');
    if (input.dialectRequired && !input.dialect)
      throw fieldError('dialect', 'is required when dialectRequired is true');
    // The request schema says so too; a series' body reaches here without that refinement.
    if (input.remoteFallback && input.mode !== 'in_person')
      throw fieldError('remoteFallback', 'is only for an in-person request');
    const location = input.location ?? { address: organization.address, municipality: organization.municipality };
    const districtId = input.location
      ? await requestsRepository.findDistrictOfMunicipality(db, location.municipality)
      : organization.districtId;
    if (!districtId) throw fieldError('location.municipality', 'is not in a district Ponte serves');
    return { organization, startsAt, location, districtId };
  }

  /** A request the ordinary way (dispatch starts, or waits for its series): one request, or one session of a series. */
  function startRequest(
    transaction: Executor,
    caller: Caller,
    input: RequestCreateInput | SeriesCreateInput,
    { organization, location, districtId }: Omit<Validated, 'startsAt'>,
    startsAt: Date,
    seriesId: string | null,
  ) {
    return dispatcher.start(transaction, caller, {
      organizationId: organization.id,
      createdByUserId: caller.sub,
      seriesId,
      serviceType: input.serviceType,
      languageCode: input.languageCode,
      dialect: input.dialect ?? null,
      mode: input.mode,
      remoteFallback: input.remoteFallback ?? null,
      originalMode: null,
      startsAt,
      durationMinutes: input.durationMinutes,
      districtId,
      locationAddress: location.address,
      locationMunicipality: location.municipality,
      genderPreference: input.genderPreference ?? null,
      genderRequired: input.genderRequired,
      dialectRequired: input.dialectRequired,
      caseRef: input.caseRef ?? null,
      subject: input.subject ?? null,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      notes: input.notes ?? null,
    });
  }

  /** The sessions a rule gives (holidays and closures left out), or a 400 naming the field. */
  function expand(input: SeriesPreviewInput) {
    const expansion = expandSeries(input.sessions, {
      durationMinutes: input.durationMinutes,
      skipHolidays: input.skipHolidays,
      excludeDates: input.excludeDates,
      holidayOn: italianPublicHoliday,
      now: clock.now(),
    });
    if (!expansion.ok) throw fieldError(expansion.field, expansion.message);
    return expansion;
  }

  async function describeSeries(caller: Caller, seriesId: string): Promise<SeriesDetail> {
    const found = await requestsRepository.findSeries(db, seriesId);
    if (!found || (caller.role === 'requester' && found.series.organizationId !== caller.organizationId))
      throw notFound('Series');
    const sessions = [];
    for (const id of found.sessionIds) sessions.push(await describeRequest(db, id, caller));
    const standing = sessions.filter((session) => session.status !== 'cancelled');
    const holder = standing[0]?.assignedMediator ?? null;
    const heldByOne =
      holder !== null && standing.every((session) => session.assignedMediator?.id === holder.id) ? holder : null;
    return {
      id: found.series.id,
      organizationId: found.series.organizationId,
      requests: sessions,
      assignedMediator: heldByOne,
      offeredWhole: found.series.wholeOfferUntil !== null,
      skipped: found.series.skipped,
    };
  }

  /** The first answer to this key, or undefined when this request is the first to claim it. */
  async function claimIdempotencyKey(
    executor: Executor,
    userId: string,
    key: string,
    hash: string,
  ): Promise<RequestDetail | undefined> {
    if (await requestsRepository.claimIdempotencyKey(executor, userId, key, hash)) return undefined;
    // The unique key made us wait for the first request to commit; its row is now visible.
    const existing = await requestsRepository.findIdempotencyKey(executor, userId, key);
    if (!existing || existing.bodyHash !== hash) {
      throw new AppError('IDEMPOTENCY_MISMATCH', 422, 'This Idempotency-Key was already used with a different body');
    }
    return existing.response as RequestDetail;
  }

  return {
    validateCreate,

    /** The dates a series rule gives, for the form's preview: nothing is booked. */
    previewSeries: (input: SeriesPreviewInput): SeriesPreview => toPreview(expand(input)),

    /**
     * A series (API.md, "Series"): each session is created the ordinary way, with `seriesId`, in one
     * transaction; then the series is offered whole to the mediators free for every session.
     */
    async createSeries(caller: Caller, input: SeriesCreateInput): Promise<SeriesDetail> {
      const expansion = expand(input);
      const first = expansion.sessions[0];
      if (!first) throw fieldError('sessions', 'gives no session');
      const validated = await validateCreate(caller, { ...input, startsAt: first.startsAt.toISOString() });
      const seriesId = await db.transaction(async (transaction) => {
        const created = await dispatcher.createSeries(transaction, caller, {
          organizationId: validated.organization.id,
          skipped: toPreview(expansion).skipped,
        });
        for (const session of expansion.sessions)
          await startRequest(transaction, caller, input, validated, session.startsAt, created.id);
        await dispatcher.startSeries(transaction, created.id);
        return created.id;
      });
      return describeSeries(caller, seriesId);
    },

    getSeries: describeSeries,

    async cancelSeries(caller: Caller, seriesId: string, reason: string, from?: string): Promise<SeriesDetail> {
      await dispatcher.cancelSeries(caller, seriesId, reason, from);
      return describeSeries(caller, seriesId);
    },

    withdrawFromSeries: (caller: Caller, seriesId: string, reason: string) =>
      dispatcher.withdrawFromSeries(caller, seriesId, reason),

    async create(
      caller: Caller,
      input: RequestCreateInput,
      idempotencyKey?: string,
    ): Promise<{ replayed: boolean; request: RequestDetail }> {
      const validated = await validateCreate(caller, input);
      const { organization } = validated;
      return db.transaction(async (transaction) => {
        const hash = bodyHash({ ...input, organizationId: organization.id });
        if (idempotencyKey) {
          const replay = await claimIdempotencyKey(transaction, caller.sub, idempotencyKey, hash);
          if (replay) return { replayed: true, request: replay };
        }
        const inserted = await startRequest(transaction, caller, input, validated, validated.startsAt, null);
        const request = await describeRequest(transaction, inserted.id, caller);
        if (idempotencyKey) {
          await requestsRepository.storeIdempotentResponse(transaction, caller.sub, idempotencyKey, {
            requestId: inserted.id,
            body: request,
          });
        }
        return { replayed: false, request };
      });
    },

    /** A page of the list as the JSON text of `{items: RequestSummary[], total}` (see request-list.query.ts). */
    async list(caller: Caller, filter: RequestFilter, page: Page): Promise<string> {
      if (caller.role === 'requester' && !caller.organizationId) return EMPTY_REQUEST_PAGE;
      const scoped =
        caller.role === 'requester' ? { ...filter, organizationId: caller.organizationId ?? undefined } : filter;
      return requestLists.page(scoped, page, clock.now());
    },

    async get(caller: Caller, id: string): Promise<RequestDetail> {
      const named = await requestsRepository.findDetail(db, id);
      if (!named || !canSeeRequest(caller, named.request)) throw notFound('Request');
      if (named.organizationKind === 'social_service' && caller.role !== 'requester') {
        // DESIGN.md, Privacy: reading a social-service request from outside its organization is logged.
        log.info(
          { audit: 'social_service_request_read', requestId: id, userId: caller.sub, role: caller.role },
          'social-service request read from outside its organization',
        );
      }
      return toRequestDetail(named, named.timeline, named.pendingOffers, caller.role);
    },

    async candidates(id: string) {
      const row = await requestsRepository.findById(db, id);
      if (!row) throw notFound('Request');
      const ranking = await dispatcher.rank(db, row, clock.now());
      return { eligible: ranking.eligible, excluded: ranking.excluded };
    },

    cancel: (caller: Caller, id: string, reason: string) => dispatcher.cancel(caller, id, reason),
    approve: (caller: Caller, id: string, reason?: string) => dispatcher.approve(caller, id, reason),
    reject: (caller: Caller, id: string, reason?: string) => dispatcher.reject(caller, id, reason),
    moveCharge: (caller: Caller, id: string, fundingLineId: string | null) =>
      dispatcher.moveCharge(caller, id, fundingLineId),
    assign: (caller: Caller, id: string, mediatorId: string) => dispatcher.assign(caller, id, mediatorId),
    withdraw: (caller: Caller, id: string, reason: string, options: { conflictOfInterest?: boolean } = {}) =>
      dispatcher.withdraw(caller, id, reason, options),
    complete: (caller: Caller, id: string, input: Parameters<Dispatcher['complete']>[2]) =>
      dispatcher.complete(caller, id, input),
    confirm: (caller: Caller, id: string, input: Parameters<Dispatcher['confirm']>[2]) =>
      dispatcher.confirm(caller, id, input),

    /** DESIGN.md, Privacy: personal fields of requests finished before the retention period are erased. */
    async erasePersonalData() {
      const now = clock.now();
      const cutoff = new Date(now);
      cutoff.setMonth(cutoff.getMonth() - config.retentionMonths);
      return dispatcher.erasePersonalData(cutoff, now);
    },
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
