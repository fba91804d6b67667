import { and, asc, isNotNull, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { offers, requests } from '../../db/schema/index.js';
import {
  dispatchDeadline,
  parseDispatchPolicy,
  planDispatchStep,
  tierFor,
  type DispatchTier,
} from '../../domain/dispatch-policy.js';
import { snapshotOfRanking } from '../../domain/matching-snapshot.js';
import { rankCandidates, type CandidateRanking, type MatchRequest } from '../../domain/matching.js';
import { publishLiveEvents, recordChange, type NewLiveEvent } from '../../realtime/live-events.js';
import { requestsRepository, type RequestRow } from '../requests/requests.repository.js';
import { loadMatchInput } from './match-input.repository.js';
import { offersStore, type OfferRow } from './offers-store.js';
import { createRoster } from './roster.js';

export interface DispatchPlan {
  tier: DispatchTier;
}

const SWEEP_BATCH = 100;

export const toMatchRequest = (row: RequestRow): MatchRequest & { organizationId: string } => ({
  id: row.id,
  organizationId: row.organizationId,
  serviceType: row.serviceType,
  languageCode: row.languageCode,
  dialect: row.dialect,
  mode: row.mode,
  startsAt: row.startsAt,
  durationMinutes: row.durationMinutes,
  districtId: row.districtId,
  genderPreference: row.genderPreference,
  genderRequired: row.genderRequired,
  dialectRequired: row.dialectRequired,
  caseRef: row.caseRef,
});

export const requestUpdated = (row: RequestRow, data: Record<string, unknown> = {}): NewLiveEvent => ({
  type: 'request.updated',
  requestId: row.id,
  organizationId: row.organizationId,
  mediatorId: row.assignedMediatorId,
  status: row.status,
  data,
});

/** `extra` goes into each event's data, e.g. why an offer was withdrawn. */
export const offerEvents = (
  type: 'offer.created' | 'offer.withdrawn' | 'offer.expired',
  request: RequestRow,
  rows: OfferRow[],
  extra: Record<string, unknown> = {},
): NewLiveEvent[] =>
  rows.map((offer) => ({
    type,
    requestId: request.id,
    organizationId: request.organizationId,
    mediatorId: offer.mediatorId,
    status: offer.status,
    data: { offerId: offer.id, expiresAt: offer.expiresAt.toISOString(), ...extra },
  }));

/**
 * The dispatch engine: waves of offers, expiry, escalation to unfilled, expiry of past requests.
 * Every step runs in a transaction holding the request's row lock and re-reads the state it acts on,
 * so a request advanced by one instance is skipped by another (see sweepDueWork).
 */
export function createDispatcher(context: AppContext) {
  const { db, clock, config } = context;
  const policy = parseDispatchPolicy(config.dispatchPolicyOverride);
  const roster = createRoster();

  /** Every speaker, eligible or excluded with reasons; `onlyPossiblyEligible` when only the eligible matter (a wave). */
  async function rank(
    executor: Executor,
    request: RequestRow,
    now: Date,
    options: { onlyPossiblyEligible?: boolean } = {},
  ): Promise<CandidateRanking> {
    const matchRequest = toMatchRequest(request);
    const input = await loadMatchInput(executor, roster, matchRequest, now, config.travelBufferMinutes, options);
    return rankCandidates({
      request: matchRequest,
      mediators: input.mediators,
      history: input.history,
      travelBufferMinutes: config.travelBufferMinutes,
    });
  }

  /** A fresh plan from now: at creation, and again when the assigned mediator withdraws. */
  function planFromNow(startsAt: Date, now: Date) {
    const tier = tierFor(now, startsAt);
    return {
      dispatchPlan: { tier } satisfies DispatchPlan,
      waveNumber: 0,
      dispatchDeadline: dispatchDeadline(policy, tier, now, startsAt),
      nextCheckAt: now,
    };
  }

  async function finish(
    executor: Executor,
    request: RequestRow,
    status: 'unfilled' | 'expired',
    now: Date,
    reason: string,
  ) {
    const withdrawn = await offersStore.withdrawPending(executor, request.id, now);
    const updated = await requestsRepository.updateIfStatus(executor, request.id, [request.status], {
      status,
      nextCheckAt: status === 'unfilled' ? request.startsAt : null,
    });
    if (!updated) return request;
    // Why nobody could go, as counts per reason: what the coverage-gap report reads later.
    const matching = status === 'unfilled' ? snapshotOfRanking(await rank(executor, request, now)) : undefined;
    await recordChange(executor, {
      audit: [{ requestId: request.id, at: now, type: status, data: { reason, ...(matching ? { matching } : {}) } }],
      live: [...offerEvents('offer.withdrawn', updated, withdrawn), requestUpdated(updated, { reason })],
    });
    return updated;
  }

  /**
   * Moves one request on as far as time allows. The caller holds the request's row lock.
   * `justCreated`: the request was inserted by this transaction, so it has no offers to expire, wait
   * for or leave out yet.
   */
  async function advance(executor: Executor, request: RequestRow, { justCreated = false } = {}): Promise<RequestRow> {
    const now = clock.now();
    if (request.status === 'unfilled') {
      return now >= request.startsAt ? finish(executor, request, 'expired', now, 'start_passed') : request;
    }
    if (request.status !== 'searching') {
      if (request.nextCheckAt) await requestsRepository.update(executor, request.id, { nextCheckAt: null });
      return request;
    }

    const expired = justCreated ? [] : await offersStore.expireDue(executor, request.id, now);
    if (expired.length > 0) {
      await recordChange(executor, {
        audit: [
          {
            requestId: request.id,
            at: now,
            type: 'offers_expired',
            data: { count: expired.length, mediatorIds: expired.map((offer) => offer.mediatorId) },
          },
        ],
        live: offerEvents('offer.expired', request, expired),
      });
    }
    const pending = justCreated
      ? { count: 0, earliest: null }
      : await offersStore.earliestPendingExpiry(executor, request.id);
    const deadline = request.dispatchDeadline ?? request.startsAt;
    const tier = (request.dispatchPlan as DispatchPlan | null)?.tier ?? tierFor(request.createdAt, request.startsAt);
    const needsCandidates = pending.count === 0 && now < deadline && now < request.startsAt;
    let rankedCandidateIds: string[] = [];
    if (needsCandidates) {
      const ranking = await rank(executor, request, now, { onlyPossiblyEligible: true });
      const offered = justCreated ? new Set<string>() : await offersStore.offeredMediatorIds(executor, request.id);
      rankedCandidateIds = ranking.eligible.map((candidate) => candidate.mediatorId).filter((id) => !offered.has(id));
    }

    const step = planDispatchStep({
      policy,
      tier,
      now,
      deadline,
      startsAt: request.startsAt,
      waveNumber: request.waveNumber,
      pendingOffers: pending.count,
      rankedCandidateIds,
    });
    switch (step.kind) {
      case 'expired':
        return finish(executor, request, 'expired', now, 'start_passed');
      case 'unfilled':
        return finish(executor, request, 'unfilled', now, step.reason);
      case 'wait': {
        const nextCheckAt = pending.earliest && pending.earliest < deadline ? pending.earliest : deadline;
        return (await requestsRepository.update(executor, request.id, { nextCheckAt })) ?? request;
      }
      case 'offer': {
        // Conditional on the wave we planned from: a concurrent advance that already sent it makes this a no-op.
        const [updated] = await executor
          .update(requests)
          .set({ waveNumber: step.waveNumber, nextCheckAt: step.expiresAt, updatedAt: sql`now()` })
          .where(
            and(
              sql`${requests.id} = ${request.id}`,
              sql`${requests.waveNumber} = ${request.waveNumber}`,
              sql`${requests.status} = 'searching'`,
            ),
          )
          .returning();
        if (!updated) return request;
        const created = await offersStore.createWave(
          executor,
          request.id,
          step.mediatorIds,
          step.waveNumber,
          step.expiresAt,
          now,
        );
        await recordChange(executor, {
          audit: [
            {
              requestId: request.id,
              at: now,
              type: 'offers_sent',
              data: {
                wave: step.waveNumber,
                count: created.length,
                mediatorIds: created.map((offer) => offer.mediatorId),
                expiresAt: step.expiresAt.toISOString(),
              },
            },
          ],
          live: [...offerEvents('offer.created', updated, created), requestUpdated(updated, { wave: step.waveNumber })],
        });
        return updated;
      }
    }
  }

  /** Withdraws one pending offer (whatever made it untakable) and lets its request move on to the next mediators. */
  async function withdrawOffer(offerId: string): Promise<void> {
    await db.transaction(async (transaction) => {
      const [offer] = await transaction
        .select()
        .from(offers)
        .where(sql`${offers.id} = ${offerId}`);
      const request = offer ? await requestsRepository.lockById(transaction, offer.requestId) : undefined;
      if (!request) return;
      const rows = await transaction
        .update(offers)
        .set({ status: 'withdrawn', respondedAt: clock.now() })
        .where(and(sql`${offers.id} = ${offerId}`, sql`${offers.status} = 'pending'`))
        .returning();
      await publishLiveEvents(transaction, offerEvents('offer.withdrawn', request, rows));
      await advance(transaction, request);
    });
  }

  /** Locks the request and advances it; a request another transaction holds is left to that one. */
  async function advanceById(requestId: string): Promise<void> {
    await db.transaction(async (transaction) => {
      const [row] = await transaction
        .select()
        .from(requests)
        .where(sql`${requests.id} = ${requestId}`)
        .for('update', { skipLocked: true });
      if (row) await advance(transaction, row);
    });
  }

  /**
   * The periodic sweep: every request whose next check is due is advanced under its row lock. Two
   * instances sweeping at once skip each other's locked rows and re-check the due time after locking,
   * so a wave is never sent twice.
   */
  async function sweepDueWork(): Promise<number> {
    const now = clock.now();
    const due = await db
      .select({ id: requests.id })
      .from(requests)
      .where(and(isNotNull(requests.nextCheckAt), lte(requests.nextCheckAt, now)))
      .orderBy(asc(requests.nextCheckAt))
      .limit(SWEEP_BATCH);
    let advanced = 0;
    for (const { id } of due) {
      await db.transaction(async (transaction) => {
        const [row] = await transaction
          .select()
          .from(requests)
          .where(sql`${requests.id} = ${id}`)
          .for('update', { skipLocked: true });
        if (!row?.nextCheckAt || row.nextCheckAt > now) return;
        await advance(transaction, row);
        advanced += 1;
      });
    }
    return advanced;
  }

  return { policy, rank, planFromNow, advance, advanceById, withdrawOffer, sweepDueWork };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
