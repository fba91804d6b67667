import { Temporal } from 'temporal-polyfill';
import type { RemoteMode, RequestDetail } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import type { OfferRow, NewRequestRow, RequestRow, SeriesRow } from '../../db/schema/index.js';
import {
  dispatchDeadline,
  dispatchPlanFor,
  parseDispatchPolicy,
  needsCandidates,
  PLAIN_WAVE_RULES,
  planDispatchStep,
  remoteFallbackSearch,
  storedDispatchPlan,
  tierFor,
  type DispatchPlan,
  type DispatchStep,
  type DispatchStepInput,
} from '../../domain/dispatch-policy.js';
import { PONTE_TIME_ZONE } from '../../domain/local-time.js';
import { familyMediatorOf, onlyLetExpire } from '../../domain/matching-rules.js';
import { snapshotOfRanking } from '../../domain/matching-snapshot.js';
import {
  blockedInterval,
  blockedIntervalsOverlap,
  rankCandidates,
  type CandidateRanking,
  type MatchMediator,
  type MatchRequest,
  type MediatorHistory,
} from '../../domain/matching.js';
import { canSeeRequest } from '../../domain/request-access.js';
import {
  decideRequestTransition,
  nextCheckAfter,
  statusAtCreation,
  type RequestCommand,
  type RequestTransition,
} from '../../domain/request-state.js';
import { rankSeriesCandidates } from '../../domain/series.js';
import { ASSIGNMENT_OVERLAP_CONSTRAINT, sqlState, violatesConstraint } from '../../lib/database-errors.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { publishLiveEvents, recordChange, type NewLiveEvent } from '../../realtime/live-events.js';
import type { Charge, FundingCharger } from '../funding/funding.service.js';
import { caseExclusionChecks } from '../case-exclusions/case-exclusions.service.js';
import { assignmentsRepository } from './assignments.repository.js';
import { offerEvents, requestUpdated } from './live.js';
import { loadMatchInput, type MatchRequestRow } from './match-input.repository.js';
import { offersRepository } from './offers.repository.js';
import { requestLifeRepository } from './request-life.repository.js';
import { createRoster } from './roster.js';
import { seriesRepository } from './series.repository.js';

const SWEEP_BATCH = 100;

const localDateOf = (instant: Date) =>
  Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(PONTE_TIME_ZONE)
    .toPlainDate()
    .toString();
const DEADLOCK_DETECTED = '40P01';

/** To the mediator accepting. */
const busy = () => conflict('MEDIATOR_BUSY', 'You already have an assignment at that time');
/** To the coordinator assigning. */
const mediatorBusy = () => conflict('MEDIATOR_BUSY', 'The mediator already has an overlapping assignment');
/** To the mediator accepting a whole series: which session clashes. */
const sessionBusy = (index: number, session: RequestRow) =>
  new AppError(
    'MEDIATOR_BUSY',
    409,
    `Session ${index + 1} of the series (${session.startsAt.toISOString()}) clashes with another of your assignments; nothing was booked`,
    [{ path: `sessions.${index}`, message: `request ${session.id} overlaps another assignment` }],
  );
/** A case exclusion is never overridden, not even by "assign anyway" (API.md, Case exclusions). */
const caseExcluded = () => conflict('CASE_EXCLUDED', 'This mediator is excluded from this case (conflict of interest)');
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

const toMatchRequest = (row: RequestRow): MatchRequest & MatchRequestRow => ({
  id: row.id,
  organizationId: row.organizationId,
  seriesId: row.seriesId,
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

  /** The mediators free for every session still searching (domain/series.ts), best first for the first of them. */
  async function rankSeries(executor: Executor, sessions: RequestRow[], now: Date): Promise<string[]> {
    const searching = sessions.filter((session) => session.status === 'searching');
    const history = new Map<string, Map<string, MediatorHistory>>();
    let mediators: MatchMediator[] | null = null;
    for (const session of searching) {
      const input = await loadMatchInput(executor, roster, toMatchRequest(session), now, config.travelBufferMinutes, {
        onlyPossiblyEligible: true,
      });
      // Only who fits the first session's profile can be free for all of them.
      mediators ??= [...input.mediators];
      history.set(session.id, input.history);
      if (mediators.length === 0) return [];
    }
    return rankSeriesCandidates({
      sessions: searching.map(toMatchRequest),
      mediators: mediators ?? [],
      history,
      travelBufferMinutes: config.travelBufferMinutes,
    }).map((candidate) => candidate.mediatorId);
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

  /**
   * Ends a search as unfilled or expired, when the state machine allows it; the request as it is now.
   * An in-person search its requester allowed to go remote switches mode instead (the state machine says
   * so) and goes on at once.
   */
  async function finish(
    executor: Executor,
    request: RequestRow,
    action: 'markUnfilled' | 'expire',
    now: Date,
    reason: string,
  ): Promise<RequestRow> {
    const transition = decideRequestTransition(request, { action }, now);
    if (!transition.ok) return request;
    if (transition.switchToMode) return switchToRemote(executor, request, transition.switchToMode, now, reason);
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
   * The remote fallback (issue 16): the in-person search is over (its pending offers withdrawn); the
   * request keeps `originalMode`, takes the remote mode, and starts a new search with a plan fixed now
   * among every district's remote mediators. Whoever was offered it in person is not offered it again
   * (one offer per mediator and request). The requester hears of it live and by e-mail.
   */
  async function switchToRemote(
    executor: Executor,
    request: RequestRow,
    mode: RemoteMode,
    now: Date,
    reason: string,
  ): Promise<RequestRow> {
    const withdrawn = await offersRepository.withdrawPending(executor, request.id, now);
    const search = remoteFallbackSearch(policy, now, request.startsAt);
    const updated = await requestLifeRepository.updateIf(
      executor,
      request.id,
      { from: ['searching'] },
      {
        mode,
        originalMode: request.mode,
        dispatchPlan: search.plan,
        dispatchDeadline: search.deadline,
        waveNumber: 0,
        nextCheckAt: now,
      },
    );
    if (!updated) return request;
    await recordChange(executor, {
      audit: [
        {
          requestId: request.id,
          at: now,
          type: 'remote_fallback',
          data: { from: request.mode, mode, reason, tier: search.plan.tier },
        },
      ],
      live: [...offerEvents('offer.withdrawn', updated, withdrawn), requestUpdated(updated, { remoteFallback: mode })],
    });
    return advance(executor, updated);
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
    if (request.seriesId) {
      const whole = await seriesRepository.findById(executor, request.seriesId);
      if (whole?.wholeOfferUntil) {
        if (whole.leadRequestId === request.id) return advanceWhole(executor, request, whole, justCreated);
        // Offered whole through the lead for now: this session waits until the series splits.
        const wakeAt = whole.wholeOfferUntil > now ? whole.wholeOfferUntil : new Date(now.getTime() + 60_000);
        return requestLifeRepository.updateLocked(executor, request.id, { nextCheckAt: wakeAt });
      }
    }

    if (!justCreated) await expireDueOffers(executor, request, now);
    const pending = justCreated
      ? { count: 0, earliest: null }
      : await offersRepository.earliestPendingExpiry(executor, request.id);
    const deadline = request.dispatchDeadline ?? request.startsAt;
    const plan = planOf(request);
    let candidates: Pick<DispatchStepInput, 'rankedCandidateIds' | 'familyMediatorId' | 'expiredCandidateIds'> = {
      rankedCandidateIds: [],
    };
    if (needsCandidates({ plan, now, deadline, startsAt: request.startsAt, pendingOffers: pending.count })) {
      const ranking = await rank(executor, request, now, { onlyPossiblyEligible: true });
      const offered = justCreated ? new Set<string>() : await offersRepository.offeredMediatorIds(executor, request.id);
      const fresh = ranking.eligible.filter((candidate) => !offered.has(candidate.mediatorId));
      candidates = {
        rankedCandidateIds: fresh.map((candidate) => candidate.mediatorId),
        familyMediatorId: familyMediatorOf(fresh),
        expiredCandidateIds: onlyLetExpire(ranking.excluded),
      };
    }

    const step = planDispatchStep({
      plan,
      now,
      deadline,
      startsAt: request.startsAt,
      waveNumber: request.waveNumber,
      pendingOffers: pending.count,
      earliestPendingExpiry: pending.earliest,
      ...candidates,
    });
    switch (step.kind) {
      case 'expired':
        return finish(executor, request, 'expire', now, 'start_passed');
      case 'unfilled':
        return finish(executor, request, 'markUnfilled', now, step.reason);
      case 'wait':
        return requestLifeRepository.updateLocked(executor, request.id, { nextCheckAt: step.wakeAt });
      case 'offer':
        return sendWave(executor, request, step, now, () =>
          offersRepository.createWave(executor, request.id, step.mediatorIds, step.waveNumber, step.expiresAt, now),
        );
    }
  }

  /** The request's offers past their expiry end, recorded on its timeline and live (`extra` in the event's data). */
  async function expireDueOffers(
    executor: Executor,
    request: RequestRow,
    now: Date,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const expired = await offersRepository.expireDue(executor, request.id, now);
    if (expired.length === 0) return;
    await recordChange(executor, {
      audit: [
        {
          requestId: request.id,
          at: now,
          type: 'offers_expired',
          data: { count: expired.length, mediatorIds: expired.map((offer) => offer.mediatorId), ...extra },
        },
      ],
      live: offerEvents('offer.expired', request, expired),
    });
  }

  /**
   * Sends the wave the plan chose: conditional on the wave it was planned from (a concurrent advance that
   * already sent it makes this a no-op), then `createWave`'s offers, on the timeline and live. A series'
   * whole offers carry its `seriesId` in both.
   */
  async function sendWave(
    executor: Executor,
    request: RequestRow,
    step: Extract<DispatchStep, { kind: 'offer' }>,
    now: Date,
    createWave: () => Promise<OfferRow[]>,
    series: { seriesId?: string } = {},
  ): Promise<RequestRow> {
    const updated = await requestLifeRepository.updateIf(
      executor,
      request.id,
      { from: ['searching'], waveNumber: request.waveNumber },
      { waveNumber: step.waveNumber, nextCheckAt: step.wakeAt },
    );
    if (!updated) return request;
    const created = await createWave();
    await recordChange(executor, {
      audit: [
        {
          requestId: request.id,
          at: now,
          type: 'offers_sent',
          data: {
            wave: step.waveNumber,
            // Only a wave that does not simply follow the ranking says why it goes to whom it goes.
            ...(step.wave === 'ranked' ? {} : { reason: step.wave }),
            count: created.length,
            mediatorIds: created.map((offer) => offer.mediatorId),
            expiresAt: step.expiresAt.toISOString(),
            ...series,
          },
        },
      ],
      live: [
        ...offerEvents('offer.created', updated, created, series),
        requestUpdated(updated, { wave: step.waveNumber }),
      ],
    });
    return updated;
  }

  /**
   * The series' lead session while the series is offered whole: its offers (carrying `seriesId`) go in
   * waves, by the lead's plan, to the mediators free for every session, until one accepts or, with
   * nobody left or at the lead's dispatch deadline, the series splits and each session searches alone.
   */
  async function advanceWhole(
    executor: Executor,
    lead: RequestRow,
    whole: SeriesRow,
    justCreated: boolean,
  ): Promise<RequestRow> {
    const now = clock.now();
    if (!justCreated) await expireDueOffers(executor, lead, now, { seriesId: whole.id });
    const pending = justCreated
      ? { count: 0, earliest: null }
      : await offersRepository.earliestPendingExpiry(executor, lead.id);
    const deadline = whole.wholeOfferUntil ?? now;
    // Offered whole, a series follows its lead's wave size and life only.
    const plan = { ...planOf(lead), ...PLAIN_WAVE_RULES };
    let rankedCandidateIds: string[] = [];
    if (needsCandidates({ plan, now, deadline, startsAt: lead.startsAt, pendingOffers: pending.count })) {
      const sessions = justCreated
        ? await seriesRepository.sessions(executor, whole.id)
        : [lead, ...(await seriesRepository.sessions(executor, whole.id)).filter((row) => row.id !== lead.id)];
      const offered = justCreated ? new Set<string>() : await seriesRepository.offeredMediatorIds(executor, whole.id);
      rankedCandidateIds = (await rankSeries(executor, sessions, now)).filter((id) => !offered.has(id));
    }
    const step = planDispatchStep({
      plan,
      now,
      deadline,
      startsAt: lead.startsAt,
      waveNumber: lead.waveNumber,
      pendingOffers: pending.count,
      earliestPendingExpiry: pending.earliest,
      rankedCandidateIds,
    });
    switch (step.kind) {
      case 'expired':
      case 'unfilled':
        return splitSeries(executor, lead, whole, now, step.kind === 'unfilled' ? step.reason : 'start_passed');
      case 'wait':
        return requestLifeRepository.updateLocked(executor, lead.id, { nextCheckAt: step.wakeAt });
      case 'offer':
        return sendWave(
          executor,
          lead,
          step,
          now,
          () =>
            seriesRepository.createWave(
              executor,
              lead,
              whole.id,
              step.mediatorIds,
              step.waveNumber,
              step.expiresAt,
              now,
            ),
          { seriesId: whole.id },
        );
    }
  }

  /**
   * Nobody takes the series whole: its pending whole-series offers are withdrawn and every session
   * still searching is dispatched on its own from now (the lead at once, the others by the sweep).
   */
  async function splitSeries(
    executor: Executor,
    lead: RequestRow,
    whole: SeriesRow,
    now: Date,
    reason: string,
  ): Promise<RequestRow> {
    const withdrawn = await offersRepository.withdrawPending(executor, lead.id, now);
    await seriesRepository.update(executor, whole.id, { wholeOfferUntil: null });
    await seriesRepository.wakeSessions(executor, whole.id, lead.id, now);
    const reset =
      lead.status === 'searching'
        ? await requestLifeRepository.updateLocked(executor, lead.id, { waveNumber: 0, nextCheckAt: now })
        : lead;
    await recordChange(executor, {
      audit: [{ requestId: lead.id, at: now, type: 'series_split', data: { seriesId: whole.id, reason } }],
      live: offerEvents('offer.withdrawn', lead, withdrawn),
    });
    return lead.status === 'searching' ? advance(executor, reset) : reset;
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

  /**
   * A whole-series offer accepted: every session still searching is booked in this transaction, or
   * none (a clash rolls everything back, 409 naming the session). The caller holds the lead's row lock.
   */
  /** Cancels a request whose row the caller locked; late when the state machine says so (DESIGN.md). */
  async function cancelLocked(executor: Executor, caller: Caller, row: RequestRow, reason: string, now: Date) {
    const transition = decide(row, { action: 'cancel' }, now);
    const late = transition.lateCancellation;
    const updated = await requestLifeRepository.updateLocked(executor, row.id, {
      status: transition.status,
      lateCancellation: late,
      cancelReason: reason,
      nextCheckAt: transition.nextCheckAt,
    });
    const withdrawn = await offersRepository.withdrawPending(executor, row.id, now);
    await assignmentsRepository.endActive(executor, row.id, 'cancelled', now);
    await record(executor, caller, row, transition, { reason, late }, [
      ...offerEvents('offer.withdrawn', updated, withdrawn),
      requestUpdated(updated, { late }),
    ]);
    if (row.seriesId) {
      // The lead carried the whole-series offers, now withdrawn: the other sessions search alone.
      const whole = await seriesRepository.findById(executor, row.seriesId);
      if (whole?.wholeOfferUntil && whole.leadRequestId === row.id) {
        await seriesRepository.update(executor, whole.id, { wholeOfferUntil: null });
        await seriesRepository.wakeSessions(executor, whole.id, row.id, now);
      }
    }
    return updated;
  }

  /** The assigned mediator withdraws from a request whose row the caller locked; it searches again at once. */
  /**
   * The assigned mediator withdraws from a request whose row the caller locked; it searches again at once.
   * For a conflict of interest (they know the family) the mediator is also excluded from the case, in
   * the same transaction, so the new search and every later request of the case leave them out.
   */
  async function withdrawLocked(
    executor: Executor,
    caller: Caller,
    row: RequestRow,
    reason: string,
    now: Date,
    { conflictOfInterest = false } = {},
  ) {
    const transition = decide(row, { action: 'withdraw' }, now);
    const mediatorId = row.assignedMediatorId;
    const caseExclusionId =
      conflictOfInterest && mediatorId && row.caseRef !== null
        ? await caseExclusionChecks.record(
            executor,
            { mediatorId, organizationId: row.organizationId, caseRef: row.caseRef },
            reason,
            caller.sub,
          )
        : null;
    await assignmentsRepository.endActive(executor, row.id, 'withdrawn', now);
    const updated = await requestLifeRepository.updateLocked(executor, row.id, {
      status: transition.status,
      assignedMediatorId: null,
      assignedAt: null,
      nextCheckAt: transition.nextCheckAt,
      ...newSearch(row.startsAt, now),
    });
    // The withdrawing mediator hears of it too; the request no longer names them.
    await record(
      executor,
      caller,
      row,
      transition,
      { mediatorId, reason, ...(conflictOfInterest ? { conflictOfInterest: true } : {}) },
      [{ ...requestUpdated(updated, { withdrawn: true }), mediatorId }],
    );
    return { advanced: await advance(executor, updated), caseExclusionId };
  }

  /** Locks a series' sessions (the lead first, then the series row, then the others), after checking the caller may see it. */
  async function lockSeries(executor: Executor, caller: Caller, seriesId: string) {
    const found = await seriesRepository.findById(executor, seriesId);
    if (!found) throw notFound('Series');
    if (caller.role === 'requester' && found.organizationId !== caller.organizationId) throw notFound('Series');
    const lead = found.leadRequestId ? await requestLifeRepository.lockById(executor, found.leadRequestId) : undefined;
    const whole = await seriesRepository.lockById(executor, seriesId);
    if (!whole) throw notFound('Series');
    const others = await seriesRepository.lockSessions(executor, seriesId, lead?.id);
    const sessions = (lead ? [lead, ...others] : others).sort(
      (first, second) => first.startsAt.getTime() - second.startsAt.getTime(),
    );
    return { whole, sessions };
  }

  async function acceptWhole(
    executor: Executor,
    caller: Caller,
    mediatorId: string,
    accepted: OfferRow,
    lead: RequestRow,
    now: Date,
  ): Promise<{ request: RequestRow; clashingRequestIds: string[] }> {
    const seriesId = accepted.seriesId ?? '';
    const whole = await seriesRepository.lockById(executor, seriesId);
    if (!whole?.wholeOfferUntil) throw unavailable();
    const sessions = [lead, ...(await seriesRepository.lockSessions(executor, seriesId, lead.id))].sort(
      (first, second) => first.startsAt.getTime() - second.startsAt.getTime(),
    );
    const booked: { before: RequestRow; after: RequestRow; transition: RequestTransition }[] = [];
    for (const [index, session] of sessions.entries()) {
      if (session.status !== 'searching') continue;
      const transition = decideRequestTransition(session, { action: 'accept' }, now);
      if (!transition.ok) continue;
      const after = await book(executor, session, mediatorId, transition, now, () => sessionBusy(index, session));
      booked.push({ before: session, after, transition });
    }
    if (booked.length === 0) throw unavailable();
    const withdrawn = await offersRepository.withdrawPending(executor, lead.id, now, accepted.id);
    await seriesRepository.update(executor, seriesId, { wholeOfferUntil: null });
    const clashingRequestIds = new Set<string>();
    const firstBookedId = booked[0]?.before.id;
    for (const { before, after, transition } of booked) {
      const clashing = await withdrawClashingOffers(executor, mediatorId, after, now);
      for (const id of clashing.requestIds) clashingRequestIds.add(id);
      // One e-mail and one push tell the requester the series is taken, not one per session.
      const announcedWith = before.id === firstBookedId ? {} : { announcedWith: firstBookedId };
      await record(executor, caller, before, transition, { mediatorId, offerId: accepted.id, seriesId }, [
        ...(before.id === lead.id ? offerEvents('offer.withdrawn', after, withdrawn) : []),
        ...clashing.events,
        requestUpdated(after, { mediatorId, seriesId, ...announcedWith }),
      ]);
    }
    const leadAfter = booked.find(({ before }) => before.id === lead.id)?.after ?? lead;
    return { request: leadAfter, clashingRequestIds: [...clashingRequestIds] };
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
        if (offer.seriesId) {
          const whole = await acceptWhole(transaction, caller, mediatorId, accepted, request, now);
          return { offer: accepted, ...whole, detail: await describe(transaction, request.id, caller) };
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

    /** A new series row, before its sessions are created through `start` (each one the ordinary way). */
    createSeries: (
      executor: Executor,
      caller: Caller,
      fields: { organizationId: string; skipped: SeriesRow['skipped'] },
    ): Promise<SeriesRow> =>
      seriesRepository.insert(executor, {
        organizationId: fields.organizationId,
        createdByUserId: caller.sub,
        skipped: fields.skipped,
        createdAt: clock.now(),
      }),

    /**
     * The sessions are in: the series is offered whole, until the first session's dispatch deadline,
     * through offers on that session; the others wait (API.md, "Series").
     */
    async startSeries(executor: Executor, seriesId: string): Promise<void> {
      const sessions = await seriesRepository.sessions(executor, seriesId);
      const lead = sessions.find((session) => session.status === 'searching');
      if (!lead) return;
      const whole = await seriesRepository.update(executor, seriesId, {
        leadRequestId: lead.id,
        wholeOfferUntil: lead.dispatchDeadline ?? lead.startsAt,
      });
      for (const session of sessions) {
        if (session.id !== lead.id && session.status === 'searching')
          await requestLifeRepository.updateLocked(executor, session.id, { nextCheckAt: whole.wholeOfferUntil });
      }
      await advance(executor, lead, { justCreated: true });
    },

    /** What a mediator sees of the series a whole-series offer is for. */
    seriesSummary: (executor: Executor, seriesId: string) => seriesRepository.summary(executor, seriesId),

    /** The requester cancels the sessions not yet held, from `from` (a Europe/Rome date) on when given. */
    async cancelSeries(caller: Caller, seriesId: string, reason: string, from?: string): Promise<void> {
      await db.transaction(async (transaction) => {
        if (caller.role === 'mediator') throw forbidden();
        const { sessions } = await lockSeries(transaction, caller, seriesId);
        const now = clock.now();
        for (const session of sessions) {
          // A session waiting for a coordinator's approval (over its funding line) is not yet held either.
          const open = ['searching', 'unfilled', 'assigned', 'awaiting_approval'];
          if (session.startsAt <= now || !open.includes(session.status)) continue;
          if (from && localDateOf(session.startsAt) < from) continue;
          await cancelLocked(transaction, caller, session, reason, now);
        }
      });
    },

    /** The mediator withdraws from every session of the series they hold that is not yet held; each searches again alone. */
    async withdrawFromSeries(caller: Caller, seriesId: string, reason: string): Promise<{ withdrawn: number }> {
      return db.transaction(async (transaction) => {
        if (caller.role !== 'mediator' || !caller.mediatorId)
          throw forbidden('Only the assigned mediator can withdraw');
        const found = await seriesRepository.findById(transaction, seriesId);
        if (!found) throw notFound('Series');
        const { sessions } = await lockSeries(transaction, { ...caller, role: 'coordinator' }, seriesId);
        const now = clock.now();
        const held = sessions.filter(
          (session) =>
            session.status === 'assigned' && session.assignedMediatorId === caller.mediatorId && session.startsAt > now,
        );
        if (held.length === 0) throw notFound('Series');
        for (const session of held) await withdrawLocked(transaction, caller, session, reason, now);
        return { withdrawn: held.length };
      });
    },

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
      // A session of a series waits for startSeries, which offers the whole series first.
      if (inserted.seriesId) return inserted;
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

    /**
     * A coordinator books a mediator by hand; the exclusion constraint still refuses an overlap (409
     * MEDIATOR_BUSY), and a case exclusion refuses the mediator whatever matching was overridden (409 CASE_EXCLUDED).
     */
    async assign(caller: Caller, id: string, mediatorId: string): Promise<RequestDetail> {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        const now = clock.now();
        const transition = decide(row, { action: 'assign' }, now);
        if (
          row.caseRef !== null &&
          (await caseExclusionChecks.isExcluded(transaction, {
            mediatorId,
            organizationId: row.organizationId,
            caseRef: row.caseRef,
          }))
        )
          throw caseExcluded();
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
        await cancelLocked(transaction, caller, row, reason, clock.now());
        return describe(transaction, id, caller);
      });
    },

    /**
     * The assigned mediator steps back: the request searches again from now, with a plan fixed now. For a
     * conflict of interest (they know the family) the mediator is also excluded from the case, in the same
     * transaction, so the new search and every later request of the case leave them out.
     */
    async withdraw(caller: Caller, id: string, reason: string, { conflictOfInterest = false } = {}) {
      return db.transaction(async (transaction) => {
        const row = await lockVisible(transaction, caller, id);
        if (caller.role !== 'mediator') throw forbidden('Only the assigned mediator can withdraw');
        const { advanced, caseExclusionId } = await withdrawLocked(transaction, caller, row, reason, clock.now(), {
          conflictOfInterest,
        });
        return { id, status: advanced.status, caseExclusionId };
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
