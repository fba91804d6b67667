import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  serviceTypesByKind,
  type RequestCreate as RequestCreateSchema,
  type RequestDetail,
  type RequestStatus,
} from '@ponte/shared';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { assignments, idempotencyKeys, languages, mediators, organizations } from '../../db/schema/index.js';
import { canTransition, isLateCancellation, type RequestAction } from '../../domain/request-state.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { recordChange, type NewLiveEvent } from '../../realtime/live-events.js';
import { offerEvents, requestUpdated, type Dispatcher } from '../dispatch/dispatch.service.js';
import { bookMediator } from '../dispatch/booking.js';
import { offersStore } from '../dispatch/offers-store.js';
import { toRequestDetail, toRequestSummary } from './request-mapper.js';
import { requestsRepository, type RequestFilter, type RequestRow } from './requests.repository.js';

type RequestCreateInput = z.output<typeof RequestCreateSchema>;
const PAST_TOLERANCE_MS = 60_000;

const invalidTransition = (status: RequestStatus, action: RequestAction) =>
  conflict(
    'INVALID_TRANSITION',
    `A request that is ${status} cannot be ${action === 'cancel' ? 'cancelled' : `given "${action}"`}`,
  );

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

  async function detail(executor: Executor, id: string): Promise<RequestDetail> {
    const named = await requestsRepository.findDetail(executor, id);
    if (!named) throw notFound('Request');
    return toRequestDetail(named, named.timeline, named.pendingOffers);
  }

  /** Who may see a request: its organization, coordinators, and the mediator assigned to it; others get 404. */
  function canSee(caller: Caller, request: RequestRow): boolean {
    if (caller.role === 'coordinator') return true;
    if (caller.role === 'requester') return request.organizationId === caller.organizationId;
    return request.assignedMediatorId !== null && request.assignedMediatorId === caller.mediatorId;
  }

  /** Locks the request for a change, after checking the caller may see it at all. */
  async function lockVisible(executor: Executor, caller: Caller, id: string): Promise<RequestRow> {
    const row = await requestsRepository.lockById(executor, id);
    if (!row || !canSee(caller, row)) throw notFound('Request');
    return row;
  }

  /** A caller's change of a request: its timeline event and the live events it announces, in one statement. */
  async function record(
    executor: Executor,
    caller: Caller | null,
    before: RequestRow,
    after: RequestRow,
    type: string,
    data: Record<string, unknown>,
    live: NewLiveEvent[],
  ) {
    await recordChange(executor, {
      audit: [
        {
          requestId: after.id,
          at: clock.now(),
          type,
          actorUserId: caller?.sub ?? null,
          data: { from: before.status, ...data },
        },
      ],
      live,
    });
  }

  async function validateCreate(caller: Caller, input: RequestCreateInput) {
    const organizationId = caller.role === 'requester' ? caller.organizationId : input.organizationId;
    if (caller.role === 'requester' && input.organizationId && input.organizationId !== caller.organizationId)
      throw notFound('Organization');
    if (!organizationId) throw fieldError('organizationId', 'is required for a coordinator');
    const [found] = await db
      .select({
        organization: organizations,
        languageKnown: sql<boolean>`EXISTS (SELECT 1 FROM ${languages} WHERE ${languages.code} = ${input.languageCode})`,
      })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
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
    const location = input.location ?? { address: organization.address, municipality: organization.municipality };
    const districtId = input.location
      ? await requestsRepository.findDistrictOfMunicipality(db, location.municipality)
      : organization.districtId;
    if (!districtId) throw fieldError('location.municipality', 'is not in a district Ponte serves');
    return { organization, startsAt, location, districtId };
  }

  async function claimIdempotencyKey(
    executor: Executor,
    userId: string,
    key: string,
    hash: string,
  ): Promise<RequestDetail | undefined> {
    const claimed = await executor
      .insert(idempotencyKeys)
      .values({ userId, key, bodyHash: hash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 1) return undefined;
    // The unique key made us wait for the first request to commit; its row is now visible.
    const [existing] = await executor
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!existing || existing.bodyHash !== hash) {
      throw new AppError('IDEMPOTENCY_MISMATCH', 422, 'This Idempotency-Key was already used with a different body');
    }
    return existing.response as RequestDetail;
  }

  return {
    async create(
      caller: Caller,
      input: RequestCreateInput,
      idempotencyKey?: string,
    ): Promise<{ replayed: boolean; request: RequestDetail }> {
      const { organization, startsAt, location, districtId } = await validateCreate(caller, input);
      const now = clock.now();
      return db.transaction(async (transaction) => {
        const hash = bodyHash({ ...input, organizationId: organization.id });
        if (idempotencyKey) {
          const replay = await claimIdempotencyKey(transaction, caller.sub, idempotencyKey, hash);
          if (replay) return { replayed: true, request: replay };
        }
        const inserted = await requestsRepository.insert(transaction, {
          organizationId: organization.id,
          createdByUserId: caller.sub,
          serviceType: input.serviceType,
          languageCode: input.languageCode,
          dialect: input.dialect ?? null,
          mode: input.mode,
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
          status: 'searching',
          createdAt: now,
          ...dispatcher.planFromNow(startsAt, now),
        });
        await recordChange(transaction, {
          audit: [
            {
              requestId: inserted.id,
              at: now,
              type: 'created',
              actorUserId: caller.sub,
              data: { tier: (inserted.dispatchPlan as { tier: string }).tier },
            },
          ],
          live: [requestUpdated(inserted, { created: true })],
        });
        await dispatcher.advance(transaction, inserted, { justCreated: true });
        const request = await detail(transaction, inserted.id);
        if (idempotencyKey) {
          await transaction
            .update(idempotencyKeys)
            .set({ requestId: inserted.id, response: request })
            .where(and(eq(idempotencyKeys.userId, caller.sub), eq(idempotencyKeys.key, idempotencyKey)));
        }
        return { replayed: false, request };
      });
    },

    async list(caller: Caller, filter: RequestFilter, page: { limit: number; offset: number }) {
      const scoped =
        caller.role === 'requester'
          ? { ...filter, organizationId: caller.organizationId ?? '00000000-0000-0000-0000-000000000000' }
          : filter;
      const { items, total } = await requestsRepository.list(db, scoped, page, clock.now());
      return { items: items.map(toRequestSummary), total };
    },

    async get(caller: Caller, id: string): Promise<RequestDetail> {
      const named = await requestsRepository.findDetail(db, id);
      if (!named || !canSee(caller, named.request)) throw notFound('Request');
      if (named.organizationKind === 'social_service' && caller.role !== 'requester') {
        // DESIGN.md, Privacy: reading a social-service request from outside its organization is logged.
        log.info(
          { audit: 'social_service_request_read', requestId: id, userId: caller.sub, role: caller.role },
          'social-service request read from outside its organization',
        );
      }
      return toRequestDetail(named, named.timeline, named.pendingOffers);
    },

    async candidates(id: string) {
      const row = await requestsRepository.findById(db, id);
      if (!row) throw notFound('Request');
      const ranking = await dispatcher.rank(db, row, clock.now());
      return { eligible: ranking.eligible, excluded: ranking.excluded };
    },

    async cancel(caller: Caller, id: string, reason: string) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role === 'mediator') throw forbidden();
        if (!canTransition(row.status, 'cancel')) throw invalidTransition(row.status, 'cancel');
        const now = clock.now();
        const late = isLateCancellation(row.status, row.startsAt, now);
        const updated = await requestsRepository.update(transaction, id, {
          status: 'cancelled',
          lateCancellation: late,
          cancelReason: reason,
          nextCheckAt: null,
        });
        if (!updated) throw notFound('Request');
        const withdrawn = await offersStore.withdrawPending(transaction, id, now);
        await transaction
          .update(assignments)
          .set({ status: 'cancelled', endedAt: now })
          .where(and(eq(assignments.requestId, id), eq(assignments.status, 'active')));
        await record(transaction, caller, row, updated, 'cancelled', { reason, late }, [
          ...offerEvents('offer.withdrawn', updated, withdrawn),
          requestUpdated(updated, { late }),
        ]);
        return detail(transaction, id);
      });
    },

    /** A coordinator books a mediator by hand; the exclusion constraint still refuses an overlap (409 MEDIATOR_BUSY). */
    async assign(caller: Caller, id: string, mediatorId: string) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (!canTransition(row.status, 'assign')) throw invalidTransition(row.status, 'assign');
        const [mediator] = await transaction
          .select({ id: mediators.id, active: mediators.active })
          .from(mediators)
          .where(eq(mediators.id, mediatorId));
        if (!mediator) throw fieldError('mediatorId', 'no such mediator');
        if (!mediator.active) throw fieldError('mediatorId', 'is not active');
        const now = clock.now();
        const updated = await bookMediator(transaction, row, mediatorId, now, config.travelBufferMinutes);
        const withdrawn = await offersStore.withdrawPending(transaction, id, now);
        await record(transaction, caller, row, updated, 'assigned', { mediatorId, manual: true }, [
          ...offerEvents('offer.withdrawn', updated, withdrawn),
          requestUpdated(updated, { mediatorId }),
        ]);
        return detail(transaction, id);
      });
    },

    async withdraw(caller: Caller, id: string, reason: string) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'mediator') throw forbidden('Only the assigned mediator can withdraw');
        if (!canTransition(row.status, 'withdraw')) throw invalidTransition(row.status, 'withdraw');
        const now = clock.now();
        await transaction
          .update(assignments)
          .set({ status: 'withdrawn', endedAt: now })
          .where(and(eq(assignments.requestId, id), eq(assignments.status, 'active')));
        const updated = await requestsRepository.update(transaction, id, {
          status: 'searching',
          assignedMediatorId: null,
          assignedAt: null,
          ...dispatcher.planFromNow(row.startsAt, now),
        });
        if (!updated) throw notFound('Request');
        // The withdrawing mediator hears of it too; the request no longer names them.
        await record(transaction, caller, row, updated, 'withdrawn', { mediatorId: row.assignedMediatorId, reason }, [
          { ...requestUpdated(updated, { withdrawn: true }), mediatorId: row.assignedMediatorId },
        ]);
        await dispatcher.advance(transaction, updated);
        return { id, status: (await requestsRepository.findById(transaction, id))?.status ?? updated.status };
      });
    },

    async complete(
      caller: Caller,
      id: string,
      input: { actualMinutes: number; outcome: 'done' | 'family_no_show'; note?: string | undefined },
    ) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'mediator') throw forbidden('Only the assigned mediator reports completion');
        if (!canTransition(row.status, 'complete')) throw invalidTransition(row.status, 'complete');
        const now = clock.now();
        if (now < row.startsAt) throw conflict('INVALID_TRANSITION', 'A request cannot be completed before it starts');
        const updated = await requestsRepository.update(transaction, id, {
          status: 'completed',
          actualMinutes: input.actualMinutes,
          outcome: input.outcome,
          completionNote: input.note ?? null,
          completedAt: now,
        });
        if (!updated) throw notFound('Request');
        await transaction
          .update(assignments)
          .set({ status: 'completed', endedAt: now })
          .where(and(eq(assignments.requestId, id), eq(assignments.status, 'active')));
        await record(
          transaction,
          caller,
          row,
          updated,
          'completed',
          { actualMinutes: input.actualMinutes, outcome: input.outcome },
          [requestUpdated(updated)],
        );
        return detail(transaction, id);
      });
    },

    async confirm(
      caller: Caller,
      id: string,
      input: { confirmed: boolean; rating?: number | undefined; comment?: string | undefined },
    ) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'requester') throw forbidden('Only the requesting organization confirms the service');
        if (!canTransition(row.status, 'confirm')) throw invalidTransition(row.status, 'confirm');
        if (row.confirmedAt) throw conflict('INVALID_TRANSITION', 'This service was already confirmed or disputed');
        const updated = await requestsRepository.update(transaction, id, {
          confirmed: input.confirmed,
          rating: input.rating ?? null,
          confirmationComment: input.comment ?? null,
          confirmedAt: clock.now(),
        });
        if (!updated) throw notFound('Request');
        await record(
          transaction,
          caller,
          row,
          updated,
          input.confirmed ? 'confirmed' : 'disputed',
          { rating: input.rating ?? null },
          [requestUpdated(updated, { confirmed: input.confirmed })],
        );
        return detail(transaction, id);
      });
    },

    detail,
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
