import type { RequestDetail } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import type { NewRequestRow, RequestRow } from '../../db/schema/index.js';
import {
  dispatchDeadline,
  dispatchPlanFor,
  parseDispatchPolicy,
  planDispatchStep,
  storedDispatchPlan,
  tierFor,
  type DispatchPlan,
} from '../../domain/dispatch-policy.js';
import { snapshotOfRanking } from '../../domain/matching-snapshot.js';
import {
  blockedInterval,
  blockedIntervalsOverlap,
  rankCandidates,
  type CandidateRanking,
  type MatchRequest,
} from '../../domain/matching.js';
import { canSeeRequest } from '../../domain/request-access.js';
import {
  decideRequestTransition,
  nextCheckAfter,
  statusAtCreation,
  type RequestCommand,
  type RequestTransition,
} from '../../domain/request-state.js';
import { ASSIGNMENT_OVERLAP_CONSTRAINT, sqlState, violatesConstraint } from '../../lib/database-errors.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { publishLiveEvents, recordChange, type NewLiveEvent } from '../../realtime/live-events.js';
import type { Charge, FundingCharger } from '../funding/funding.service.js';
import { assignmentsRepository } from './assignments.repository.js';
import { offerEvents, requestUpdated } from './live.js';
import { loadMatchInput } from './match-input.repository.js';
import { offersRepository } from './offers.repository.js';
import { requestLifeRepository } from './request-life.repository.js';
import { createRoster } from './roster.js';

const SWEEP_BATCH = 100;
const DEADLOCK_DETECTED = '40P01';

/** To the mediator accepting. */
const busy = () => conflict('MEDIATOR_BUSY', 'You already have an assignment at that time');
/** To the coordinator assigning. */
const mediatorBusy = () => conflict('MEDIATOR_BUSY', 'The mediator already has an overlapping assignment');
const unavailable = () =>
  conflict('OFFER_UNAVAILABLE', 'This offer is no longer available: it was taken, withdrawn or has expired');

/** The request as the caller may see it, read within the transaction that changed it (the requests module builds it). */
export type DescribeRequest = (executor: Executor, requestId: string, caller: Caller) => Promise<RequestDetail>;

/** What a new request is, before its life starts: everything but status and dispatch. */
export type NewRequest = Omit<
  NewRequestRow,
  | 'id'
  | 'status'
  | 'dispatchPlan'
  | 'waveNumber'
  | 'dispatchDeadline'
  | 'nextCheckAt'
  | 'createdAt'
  | 'fundingLineId'
  | 'overBudget'
>;

/** Without funding lines (benchmarks), nothing is charged. */
const chargeNothing: FundingCharger = {
  chargeNew: async () => ({ fundingLineId: null, overBudget: false, needsApproval: false, line: null, usage: null }),
  chargeTo: async () => undefined,
};

/** The timeline's record of a charge: the line, and why a request over budget waits. */
const chargeData = (charge: Charge) => ({
  fundingLineId: charge.fundingLineId,
  fundingLineName: charge.line?.name ?? null,
  overBudget: charge.overBudget,
  remainingMinutes: charge.usage?.remainingMinutes ?? null,
});

const toMatchRequest = (row: RequestRow): MatchRequest & { organizationId: string } => ({
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

/**
 * The request's life, the one module that changes it: creation, waves of offers, accept and decline,
 * manual assignment, withdrawal, cancellation, completion and confirmation, expiry, escalation to
 * unfilled, and what a mediator's deactivation does to their offers. Each use case locks the request's
 * row, asks the state machine (domain/request-state.ts) and writes through this module's repositories;
 * no other module writes requests' status, offers or assignments.
 */
export function createDispatcher(
  context: AppContext,
  describe: DescribeRequest,
  funding: FundingCharger = chargeNothing,
) {
  const { db, clock, config, log } = context;
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

  /** The state machine's answer, or its refusal as the error the API reports. */
  function decide(request: RequestRow, command: RequestCommand, now: Date): RequestTransition {
    const decision = decideRequestTransition(request, command, now);
    if (decision.ok) return decision;
    if (decision.code === 'INVALID_FIELD') throw fieldError(decision.field, decision.message);
    throw conflict('INVALID_TRANSITION', decision.message);
  }

  /** A fresh search from now, with its plan fixed now: at creation, and again when the assigned mediator withdraws. */
  function newSearch(startsAt: Date, now: Date) {
    const tier = tierFor(now, startsAt);
    return {
      dispatchPlan: dispatchPlanFor(policy, tier) satisfies DispatchPlan,
      waveNumber: 0,
      dispatchDeadline: dispatchDeadline(policy, tier, now, startsAt),
    };
  }

  /** The plan stored when the search started; the live policy only for requests from before plans were stored. */
  const planOf = (request: RequestRow): DispatchPlan =>
    storedDispatchPlan(request.dispatchPlan, { policy, createdAt: request.createdAt, startsAt: request.startsAt });

  /** Locks the request for a change, after checking the caller may see it at all. */
  async function lockVisible(executor: Executor, caller: Caller, id: string): Promise<RequestRow> {
    const row = await requestLifeRepository.lockById(executor, id);
    if (!row || !canSeeRequest(caller, row)) throw notFound('Request');
    return row;
  }

  /** A caller's change of a request: its timeline event and the live events it announces, in one statement. */
  async function record(
    executor: Executor,
    caller: Caller | null,
    before: RequestRow,
    transition: RequestTransition,
    data: Record<string, unknown>,
    live: NewLiveEvent[],
  ) {
    await recordChange(executor, {
      audit: [
        {
          requestId: before.id,
          at: clock.now(),
          type: transition.event,
          actorUserId: caller?.sub ?? null,
          data: { from: before.status, ...data },
        },
      ],
      live,
    });
  }

  /**
   * Books the mediator and marks the request assigned, for an accepted offer and a manual assignment
   * alike. The mediator's row lock serializes their bookings (see lockMediatorForBooking); the exclusion
   * constraint refuses an overlap, whoever races whom (409 MEDIATOR_BUSY).
   */
  async function book(
    executor: Executor,
    row: RequestRow,
    mediatorId: string,
    transition: RequestTransition,
    now: Date,
    overlap: () => AppError,
  ): Promise<RequestRow> {
    const mediator = await assignmentsRepository.lockMediatorForBooking(executor, mediatorId);
    if (!mediator) throw fieldError('mediatorId', 'no such mediator');
    if (!mediator.active) throw fieldError('mediatorId', 'is not active');
    const endsAt = new Date(row.startsAt.getTime() + row.durationMinutes * 60_000);
    const blocked = blockedInterval(row.startsAt, endsAt, row.mode, config.travelBufferMinutes);
    const updated = await requestLifeRepository.updateLocked(executor, row.id, {
      status: transition.status,
      assignedMediatorId: mediatorId,
      assignedAt: now,
      nextCheckAt: transition.nextCheckAt,
    });
    try {
      await assignmentsRepository.insert(executor, {
        requestId: row.id,
        mediatorId,
        startsAt: row.startsAt,
        endsAt,
        blockedUntil: blocked.end,
        mode: row.mode,
        createdAt: now,
      });
    } catch (error) {
      if (violatesConstraint(error, ASSIGNMENT_OVERLAP_CONSTRAINT)) throw overlap();
      throw error;
    }
    return updated;
  }

  /** Ends a search as unfilled or expired, when the state machine allows it; the request as it is now. */
  async function finish(
    executor: Executor,
    request: RequestRow,
    action: 'markUnfilled' | 'expire',
    now: Date,
    reason: string,
  ): Promise<RequestRow> {
    const transition = decideRequestTransition(request, { action }, now);
    if (!transition.ok) return request;
    const withdrawn = await offersRepository.withdrawPending(executor, request.id, now);
    const updated = await requestLifeRepository.updateIf(
      executor,
      request.id,
      { from: [request.status] },
      { status: transition.status, nextCheckAt: transition.nextCheckAt },
    );
    if (!updated) return request;
    // Why nobody could go, as counts per reason: what the coverage-gap report reads later.
    const matching = updated.status === 'unfilled' ? snapshotOfRanking(await rank(executor, request, now)) : undefined;
    await recordChange(executor, {
      audit: [
        {
          requestId: request.id,
          at: now,
          type: transition.event,
          data: { reason, ...(matching ? { matching } : {}) },
        },
      ],
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
    if (request.status === 'unfilled' || request.status === 'awaiting_approval') {
      return now >= request.startsAt ? finish(executor, request, 'expire', now, 'start_passed') : request;
    }
    if (request.status !== 'searching') {
      return request.nextCheckAt
        ? requestLifeRepository.updateLocked(executor, request.id, { nextCheckAt: null })
        : request;
    }

    const expired = justCreated ? [] : await offersRepository.expireDue(executor, request.id, now);
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
      : await offersRepository.earliestPendingExpiry(executor, request.id);
    const deadline = request.dispatchDeadline ?? request.startsAt;
    const needsCandidates = pending.count === 0 && now < deadline && now < request.startsAt;
    let rankedCandidateIds: string[] = [];
    if (needsCandidates) {
      const ranking = await rank(executor, request, now, { onlyPossiblyEligible: true });
      const offered = justCreated ? new Set<string>() : await offersRepository.offeredMediatorIds(executor, request.id);
      rankedCandidateIds = ranking.eligible.map((candidate) => candidate.mediatorId).filter((id) => !offered.has(id));
    }

    const step = planDispatchStep({
      plan: planOf(request),
      now,
      deadline,
      startsAt: request.startsAt,
      waveNumber: request.waveNumber,
      pendingOffers: pending.count,
      rankedCandidateIds,
    });
    switch (step.kind) {
      case 'expired':
        return finish(executor, request, 'expire', now, 'start_passed');
      case 'unfilled':
        return finish(executor, request, 'markUnfilled', now, step.reason);
      case 'wait': {
        const nextCheckAt = pending.earliest && pending.earliest < deadline ? pending.earliest : deadline;
        return requestLifeRepository.updateLocked(executor, request.id, { nextCheckAt });
      }
      case 'offer': {
        // Conditional on the wave we planned from: a concurrent advance that already sent it makes this a no-op.
        const updated = await requestLifeRepository.updateIf(
          executor,
          request.id,
          { from: ['searching'], waveNumber: request.waveNumber },
          { waveNumber: step.waveNumber, nextCheckAt: step.expiresAt },
        );
        if (!updated) return request;
        const created = await offersRepository.createWave(
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
      const offer = await offersRepository.findById(transaction, offerId);
      if (!offer) return;
      const request = await requestLifeRepository.lockOfOffer(transaction, offer);
      const withdrawn = await offersRepository.withdrawOne(transaction, offerId, clock.now());
      await publishLiveEvents(transaction, offerEvents('offer.withdrawn', request, withdrawn ? [withdrawn] : []));
      await advance(transaction, request);
    });
  }

  /** Locks the request and advances it; a request another transaction holds is left to that one. */
  async function advanceById(requestId: string): Promise<void> {
    await db.transaction(async (transaction) => {
      const row = await requestLifeRepository.lockByIdUnlessHeld(transaction, requestId);
      if (row) await advance(transaction, row);
    });
  }

  /** Best effort: the sweep is the safety net if this fails. */
  async function advanceQuietly(requestId: string) {
    await advanceById(requestId).catch((error: unknown) =>
      log.warn({ err: error, requestId }, 'could not advance the request; the sweep will'),
    );
  }

  /**
   * The mediator's other pending offers that overlap the booking they just accepted can no longer be
   * taken: withdraw them and tell them so. Their requests are not locked here (that could deadlock with
   * a concurrent accept of theirs); the caller advances them after commit.
   */
  async function withdrawClashingOffers(executor: Executor, mediatorId: string, booked: RequestRow, now: Date) {
    const bookedEnd = new Date(booked.startsAt.getTime() + booked.durationMinutes * 60_000);
    const bookedBlock = blockedInterval(booked.startsAt, bookedEnd, booked.mode, config.travelBufferMinutes);
    const pending = await offersRepository.lockPendingOfMediator(executor, mediatorId, booked.id);
    const clashing = pending.filter(({ request }) => {
      const end = new Date(request.startsAt.getTime() + request.durationMinutes * 60_000);
      return blockedIntervalsOverlap(
        bookedBlock,
        blockedInterval(request.startsAt, end, request.mode, config.travelBufferMinutes),
      );
    });
    const events: NewLiveEvent[] = [];
    for (const { offer, request } of clashing) {
      const withdrawn = await offersRepository.withdrawOne(executor, offer.id, now);
      // The mediator's own inbox says why: they are now booked then, not beaten to it.
      if (withdrawn) events.push(...offerEvents('offer.withdrawn', request, [withdrawn], { reason: 'mediator_busy' }));
    }
    return { events, requestIds: [...new Set(clashing.map(({ request }) => request.id))] };
  }

  async function acceptOnce(caller: Caller, mediatorId: string, offerId: string) {
    let lockedRequestId: string | undefined;
    try {
      return await db.transaction(async (transaction) => {
        const offer = await offersRepository.findOwn(transaction, offerId, mediatorId);
        if (!offer) throw notFound('Offer');
        const request = await requestLifeRepository.lockOfOffer(transaction, offer);
        lockedRequestId = request.id;
        const now = clock.now();
        // Only an active mediator takes work: one deactivated since the offer went out finds it gone.
        const accepted = await offersRepository.accept(transaction, offerId, mediatorId, now);
        if (!accepted) {
          const busyElsewhere = await offersRepository.isWithdrawnForOverlap(
            transaction,
            offerId,
            mediatorId,
            config.travelBufferMinutes,
          );
          throw busyElsewhere ? busy() : unavailable();
        }
        const transition = decideRequestTransition(request, { action: 'accept' }, now);
        if (!transition.ok) throw unavailable();
        const assigned = await book(transaction, request, mediatorId, transition, now, busy);
        const withdrawn = await offersRepository.withdrawPending(transaction, request.id, now, offerId);
        const clashing = await withdrawClashingOffers(transaction, mediatorId, assigned, now);
        await record(transaction, caller, request, transition, { mediatorId, offerId }, [
          ...offerEvents('offer.withdrawn', assigned, withdrawn),
          ...clashing.events,
          requestUpdated(assigned, { mediatorId }),
        ]);
        return {
          offer: accepted,
          request: assigned,
          detail: await describe(transaction, request.id, caller),
          clashingRequestIds: clashing.requestIds,
        };
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'MEDIATOR_BUSY') {
        // Booked elsewhere at that time, by a concurrent accept: this offer can never be taken now.
        await withdrawOffer(offerId).catch((failure: unknown) =>
          log.warn({ err: failure, offerId }, 'could not withdraw an offer its mediator can no longer take'),
        );
      } else if (lockedRequestId && sqlState(error) !== DEADLOCK_DETECTED) {
        // A failed accept held the request's lock, so an advance meant for it meanwhile (SKIP LOCKED) may
        // have passed it by: catch up now, or it would wait for its old offer expiry.
        await advanceQuietly(lockedRequestId);
      }
      throw error;
    }
  }

  return {
    policy,
    rank,
    advance,
    advanceById,
    withdrawOffer,

    /**
     * A new request is charged to its funding line (the line's row lock serializes charges, so two
     * requests that each fit cannot together pass a budget unnoticed), then starts searching: inserted
     * with its dispatch plan, and its first wave sent, in the caller's transaction. Over budget under an
     * `approve` line, it waits for a coordinator instead (and expires at its start).
     */
    async start(executor: Executor, caller: Caller, fields: NewRequest): Promise<RequestRow> {
      const now = clock.now();
      const charge = await funding.chargeNew(executor, {
        organizationId: fields.organizationId,
        districtId: fields.districtId,
        serviceType: fields.serviceType,
        startsAt: fields.startsAt,
        durationMinutes: fields.durationMinutes,
      });
      const status = statusAtCreation(charge);
      const inserted = await requestLifeRepository.insert(executor, {
        ...fields,
        fundingLineId: charge.fundingLineId,
        overBudget: charge.overBudget,
        status,
        createdAt: now,
        nextCheckAt: nextCheckAfter(status, fields, now),
        ...newSearch(fields.startsAt, now),
      });
      await recordChange(executor, {
        audit: [
          {
            requestId: inserted.id,
            at: now,
            type: 'created',
            actorUserId: caller.sub,
            data: { tier: planOf(inserted).tier },
          },
          ...(charge.line
            ? [
                {
                  requestId: inserted.id,
                  at: now,
                  type: status === 'awaiting_approval' ? 'awaiting_approval' : 'charged',
                  actorUserId: caller.sub,
                  data: chargeData(charge),
                },
              ]
            : []),
        ],
        live: [requestUpdated(inserted, { created: true })],
      });
      if (status !== 'searching') return inserted;
      return advance(executor, inserted, { justCreated: true });
    },

    /**
     * The periodic sweep: every request whose next check is due is advanced under its row lock. Two
     * instances sweeping at once skip each other's locked rows and re-check the due time after locking,
     * so a wave is never sent twice.
     */
    /** DESIGN.md, Privacy: the personal fields of requests finished before `finishedBefore` are erased. */
    erasePersonalData: (finishedBefore: Date, now: Date) =>
      requestLifeRepository.erasePersonalData(db, finishedBefore, now),

    async sweepDueWork(): Promise<number> {
      const now = clock.now();
      let advanced = 0;
      for (const id of await requestLifeRepository.findDueIds(db, now, SWEEP_BATCH)) {
        await db.transaction(async (transaction) => {
          const row = await requestLifeRepository.lockByIdUnlessHeld(transaction, id);
          if (!row?.nextCheckAt || row.nextCheckAt > now) return;
          await advance(transaction, row);
          advanced += 1;
        });
      }
      return advanced;
    },

    /**
     * The first accept wins: the request row lock serializes racing accepts, the conditional updates
     * decide, and the mediator's row lock serializes one mediator's accepts of different requests. A
     * deadlock PostgreSQL still detects (it should not happen) is retried once rather than answered 500.
     */
    async accept(caller: Caller, mediatorId: string, offerId: string) {
      const result = await acceptOnce(caller, mediatorId, offerId).catch((error: unknown) => {
        if (sqlState(error) !== DEADLOCK_DETECTED) throw error;
        log.warn({ err: error, offerId }, 'accept met a deadlock; retrying once');
        return acceptOnce(caller, mediatorId, offerId);
      });
      // Requests that just lost this mediator send their next wave now rather than at the offer's expiry.
      for (const requestId of result.clashingRequestIds) await advanceQuietly(requestId);
      return { offer: result.offer, request: result.request, detail: result.detail };
    },

    async decline(caller: Caller, mediatorId: string, offerId: string, reason?: string) {
      return db.transaction(async (transaction) => {
        const offer = await offersRepository.findOwn(transaction, offerId, mediatorId);
        if (!offer) throw notFound('Offer');
        const request = await requestLifeRepository.lockOfOffer(transaction, offer);
        const now = clock.now();
        const declined = await offersRepository.decline(transaction, offerId, now, reason ?? null);
        if (!declined) throw unavailable();
        await recordChange(transaction, {
          audit: [
            { requestId: request.id, at: now, type: 'offer_declined', actorUserId: caller.sub, data: { mediatorId } },
          ],
        });
        // The decline may have emptied the wave: the next one goes out now, not at the next sweep.
        const advanced = await advance(transaction, request);
        // A new wave or a new status was already announced by advance; otherwise say what changed.
        const announced = advanced.status !== request.status || advanced.waveNumber !== request.waveNumber;
        if (!announced) await publishLiveEvents(transaction, [requestUpdated(advanced, { declined: true })]);
        return { offer: declined, request: advanced };
      });
    },

    /** A coordinator books a mediator by hand; the exclusion constraint still refuses an overlap (409 MEDIATOR_BUSY). */
    async assign(caller: Caller, id: string, mediatorId: string): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        const now = clock.now();
        const transition = decide(row, { action: 'assign' }, now);
        const updated = await book(transaction, row, mediatorId, transition, now, mediatorBusy);
        const withdrawn = await offersRepository.withdrawPending(transaction, id, now);
        await record(transaction, caller, row, transition, { mediatorId, manual: true }, [
          ...offerEvents('offer.withdrawn', updated, withdrawn),
          requestUpdated(updated, { mediatorId }),
        ]);
        return describe(transaction, id, caller);
      });
    },

    /** A coordinator lets a request over budget go ahead: it searches from now, with a plan fixed now. */
    async approve(caller: Caller, id: string, reason?: string): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        const now = clock.now();
        const transition = decide(row, { action: 'approve' }, now);
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          status: transition.status,
          nextCheckAt: transition.nextCheckAt,
          ...newSearch(row.startsAt, now),
        });
        await record(transaction, caller, row, transition, { reason: reason ?? null }, [
          requestUpdated(updated, { approved: true }),
        ]);
        await advance(transaction, updated, { justCreated: true });
        return describe(transaction, id, caller);
      });
    },

    /** A coordinator refuses a request over budget: it is cancelled (never late: nobody was booked). */
    async reject(caller: Caller, id: string, reason?: string): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        const now = clock.now();
        const transition = decide(row, { action: 'reject' }, now);
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          status: transition.status,
          cancelReason: reason ?? null,
          nextCheckAt: transition.nextCheckAt,
        });
        await record(transaction, caller, row, transition, { reason: reason ?? null }, [
          requestUpdated(updated, { rejected: true }),
        ]);
        return describe(transaction, id, caller);
      });
    },

    /**
     * A coordinator charges a request to another line (or to none): the target line is locked like a
     * new charge and `overBudget` says whether the request takes it beyond its budget. The status stays:
     * a request awaiting approval still waits for a decision.
     */
    async moveCharge(caller: Caller, id: string, fundingLineId: string | null): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        const charge: Charge | undefined =
          fundingLineId === null
            ? { fundingLineId: null, overBudget: false, needsApproval: false, line: null, usage: null }
            : await funding.chargeTo(transaction, fundingLineId, row);
        if (!charge) throw fieldError('fundingLineId', 'no such funding line');
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          fundingLineId: charge.fundingLineId,
          overBudget: charge.overBudget,
        });
        await recordChange(transaction, {
          audit: [
            {
              requestId: id,
              at: clock.now(),
              type: 'charge_moved',
              actorUserId: caller.sub,
              data: { fromFundingLineId: row.fundingLineId, ...chargeData(charge) },
            },
          ],
          live: [requestUpdated(updated, { fundingLineId: charge.fundingLineId })],
        });
        return describe(transaction, id, caller);
      });
    },

    async cancel(caller: Caller, id: string, reason: string): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role === 'mediator') throw forbidden();
        const now = clock.now();
        const transition = decide(row, { action: 'cancel' }, now);
        const late = transition.lateCancellation;
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          status: transition.status,
          lateCancellation: late,
          cancelReason: reason,
          nextCheckAt: transition.nextCheckAt,
        });
        const withdrawn = await offersRepository.withdrawPending(transaction, id, now);
        await assignmentsRepository.endActive(transaction, id, 'cancelled', now);
        await record(transaction, caller, row, transition, { reason, late }, [
          ...offerEvents('offer.withdrawn', updated, withdrawn),
          requestUpdated(updated, { late }),
        ]);
        return describe(transaction, id, caller);
      });
    },

    /** The assigned mediator steps back: the request searches again from now, with a plan fixed now. */
    async withdraw(caller: Caller, id: string, reason: string) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'mediator') throw forbidden('Only the assigned mediator can withdraw');
        const now = clock.now();
        const transition = decide(row, { action: 'withdraw' }, now);
        await assignmentsRepository.endActive(transaction, id, 'withdrawn', now);
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          status: transition.status,
          assignedMediatorId: null,
          assignedAt: null,
          nextCheckAt: transition.nextCheckAt,
          ...newSearch(row.startsAt, now),
        });
        // The withdrawing mediator hears of it too; the request no longer names them.
        await record(transaction, caller, row, transition, { mediatorId: row.assignedMediatorId, reason }, [
          { ...requestUpdated(updated, { withdrawn: true }), mediatorId: row.assignedMediatorId },
        ]);
        const advanced = await advance(transaction, updated);
        return { id, status: advanced.status };
      });
    },

    async complete(
      caller: Caller,
      id: string,
      input: { actualMinutes: number; outcome: 'done' | 'family_no_show'; note?: string | undefined },
    ): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'mediator') throw forbidden('Only the assigned mediator reports completion');
        const now = clock.now();
        const transition = decide(row, { action: 'complete', actualMinutes: input.actualMinutes }, now);
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          status: transition.status,
          actualMinutes: input.actualMinutes,
          outcome: input.outcome,
          completionNote: input.note ?? null,
          completedAt: now,
          nextCheckAt: transition.nextCheckAt,
        });
        await assignmentsRepository.endActive(transaction, id, 'completed', now);
        await record(
          transaction,
          caller,
          row,
          transition,
          { actualMinutes: input.actualMinutes, outcome: input.outcome },
          [requestUpdated(updated)],
        );
        return describe(transaction, id, caller);
      });
    },

    async confirm(
      caller: Caller,
      id: string,
      input: { confirmed: boolean; rating?: number | undefined; comment?: string | undefined },
    ): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'requester') throw forbidden('Only the requesting organization confirms the service');
        const now = clock.now();
        const transition = decide(row, { action: 'confirm', confirmed: input.confirmed }, now);
        const updated = await requestLifeRepository.updateLocked(transaction, id, {
          confirmed: input.confirmed,
          rating: input.rating ?? null,
          confirmationComment: input.comment ?? null,
          confirmedAt: now,
        });
        await record(transaction, caller, row, transition, { rating: input.rating ?? null }, [
          requestUpdated(updated, { confirmed: input.confirmed }),
        ]);
        return describe(transaction, id, caller);
      });
    },

    /**
     * A deactivated mediator takes no more work: each of their pending offers is withdrawn and its request
     * moves on to the next mediators. Called once the deactivation has committed, so the next wave leaves
     * them out. Best effort per offer: an offer left pending expires, and an inactive mediator cannot accept it.
     */
    async withdrawOffersOf(mediatorId: string): Promise<void> {
      for (const offerId of await offersRepository.findPendingIdsOfMediator(db, mediatorId)) {
        await withdrawOffer(offerId).catch((error: unknown) =>
          log.warn({ err: error, offerId }, 'could not withdraw the offer of a deactivated mediator'),
        );
      }
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
