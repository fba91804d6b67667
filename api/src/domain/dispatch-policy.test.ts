import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISPATCH_POLICY,
  DispatchPolicyOverride,
  dispatchDeadline,
  dispatchPlanFor,
  mergeDispatchPolicy,
  needsCandidates,
  offerExpiresAt,
  parseDispatchPolicy,
  planDispatchStep,
  remoteFallbackSearch,
  storedDispatchPlan,
  tierFor,
  timedLastCallAt,
  waveSize,
  type DispatchStepInput,
  type DispatchTier,
} from './dispatch-policy.js';
import { PLAIN_WAVES } from './test-factories.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const createdAt = new Date('2027-04-14T08:00:00Z');
const after = (milliseconds: number): Date => new Date(createdAt.getTime() + milliseconds);

/** DESIGN.md's table as it was, plain waves: the mechanics below read it. */
const DESIGN_TABLE = mergeDispatchPolicy(PLAIN_WAVES);

describe('DEFAULT_DISPATCH_POLICY', () => {
  it("is DESIGN.md's table as the season simulation changed it (README)", () => {
    expect(DEFAULT_DISPATCH_POLICY).toEqual({
      urgent: {
        waveSize: 10,
        offerTtlSeconds: 900,
        familyFirst: false,
        lastCall: true,
        lastCallBeforeDeadlineSeconds: null,
        lastCallMaxOffers: 20,
        unfilledAfterSeconds: 1800,
      },
      soon: {
        waveSize: 1,
        offerTtlSeconds: 21_600,
        familyFirst: true,
        lastCall: true,
        lastCallBeforeDeadlineSeconds: 86_400,
        lastCallMaxOffers: 6,
        unfilledBeforeStartSeconds: 86_400,
      },
      planned: {
        waveSize: 1,
        offerTtlSeconds: 86_400,
        familyFirst: true,
        lastCall: true,
        lastCallBeforeDeadlineSeconds: 86_400,
        lastCallMaxOffers: 6,
        unfilledBeforeStartSeconds: 86_400,
        wavesBeforeBroadcast: null,
      },
    });
  });
});

describe('mergeDispatchPolicy', () => {
  it('keeps the defaults without an override', () => {
    expect(mergeDispatchPolicy(undefined)).toEqual(DEFAULT_DISPATCH_POLICY);
    expect(mergeDispatchPolicy({})).toEqual(DEFAULT_DISPATCH_POLICY);
  });

  it('replaces only the fields given', () => {
    const merged = mergeDispatchPolicy({ urgent: { offerTtlSeconds: 60 }, planned: { wavesBeforeBroadcast: 2 } });
    expect(merged).toEqual({
      ...DEFAULT_DISPATCH_POLICY,
      urgent: { ...DEFAULT_DISPATCH_POLICY.urgent, offerTtlSeconds: 60 },
      planned: { ...DEFAULT_DISPATCH_POLICY.planned, wavesBeforeBroadcast: 2 },
    });
  });

  it('takes a planned broadcast that never comes', () => {
    expect(parseDispatchPolicy({ planned: { wavesBeforeBroadcast: null } }).planned.wavesBeforeBroadcast).toBeNull();
    expect(parseDispatchPolicy({ planned: { wavesBeforeBroadcast: 3 } }).planned.wavesBeforeBroadcast).toBe(3);
  });

  it('ignores fields explicitly undefined', () => {
    expect(mergeDispatchPolicy({ soon: { waveSize: undefined } })).toEqual(DEFAULT_DISPATCH_POLICY);
  });

  it('does not touch the defaults', () => {
    mergeDispatchPolicy({ urgent: { waveSize: 9 } });
    expect(DEFAULT_DISPATCH_POLICY.urgent.waveSize).toBe(10);
  });

  it('parses the example of API.md', () => {
    const raw = JSON.parse(
      '{"urgent":{"waveSize":5,"offerTtlSeconds":600,"unfilledAfterSeconds":1800},"soon":{"waveSize":2}}',
    );
    expect(parseDispatchPolicy(raw).soon).toEqual({ ...DEFAULT_DISPATCH_POLICY.soon, waveSize: 2 });
    expect(parseDispatchPolicy(undefined)).toEqual(DEFAULT_DISPATCH_POLICY);
  });

  it.each([
    { case: 'zero', raw: { urgent: { waveSize: 0 } } },
    { case: 'a negative number', raw: { soon: { offerTtlSeconds: -1 } } },
    { case: 'a fraction', raw: { planned: { wavesBeforeBroadcast: 1.5 } } },
    { case: 'a string', raw: { planned: { waveSize: '2' } } },
    { case: 'an unknown tier', raw: { later: { waveSize: 2 } } },
    { case: 'an unknown field', raw: { urgent: { wavesize: 2 } } },
    { case: 'a field of another tier', raw: { urgent: { unfilledBeforeStartSeconds: 60 } } },
    { case: 'not an object', raw: [] },
  ])('refuses $case', ({ raw }) => {
    expect(DispatchPolicyOverride.safeParse(raw).success).toBe(false);
    expect(() => parseDispatchPolicy(raw)).toThrow();
  });
});

describe('tierFor', () => {
  it.each<[string, number, DispatchTier]>([
    ['right away', 0, 'urgent'],
    ['in 23 h 59 min', 24 * HOUR_MS - MINUTE_MS, 'urgent'],
    ['in exactly 24 h', 24 * HOUR_MS, 'soon'],
    ['in 48 h', 48 * HOUR_MS, 'soon'],
    ['in exactly 72 h', 72 * HOUR_MS, 'soon'],
    ['in 72 h and a minute', 72 * HOUR_MS + MINUTE_MS, 'planned'],
    ['in two weeks', 14 * 24 * HOUR_MS, 'planned'],
  ])('a start %s is %s', (_case, leadMs, tier) => {
    expect(tierFor(createdAt, after(leadMs))).toBe(tier);
  });
});

describe('dispatchDeadline', () => {
  const policy = DESIGN_TABLE;
  it.each<{ case: string; tier: DispatchTier; leadMs: number; deadlineMs: number }>([
    { case: 'urgent: 30 minutes after creation', tier: 'urgent', leadMs: 5 * HOUR_MS, deadlineMs: 30 * MINUTE_MS },
    { case: 'urgent: never after the start', tier: 'urgent', leadMs: 10 * MINUTE_MS, deadlineMs: 10 * MINUTE_MS },
    { case: 'soon: 24 h before the start', tier: 'soon', leadMs: 48 * HOUR_MS, deadlineMs: 24 * HOUR_MS },
    { case: 'soon: never before creation', tier: 'soon', leadMs: 24 * HOUR_MS, deadlineMs: 0 },
    {
      case: 'planned: 24 h before the start',
      tier: 'planned',
      leadMs: 10 * 24 * HOUR_MS,
      deadlineMs: 9 * 24 * HOUR_MS,
    },
  ])('$case', ({ tier, leadMs, deadlineMs }) => {
    expect(dispatchDeadline(policy, tier, createdAt, after(leadMs))).toEqual(after(deadlineMs));
  });

  it('follows an override', () => {
    const policy = mergeDispatchPolicy({ urgent: { unfilledAfterSeconds: 120 } });
    expect(dispatchDeadline(policy, 'urgent', createdAt, after(HOUR_MS))).toEqual(after(2 * MINUTE_MS));
  });
});

describe('waveSize', () => {
  const policy = DESIGN_TABLE;
  it.each<[DispatchTier, number, number, number]>([
    ['urgent', 1, 12, 5],
    ['urgent', 2, 7, 5],
    ['urgent', 3, 2, 2],
    ['urgent', 1, 0, 0],
    ['soon', 1, 10, 3],
    ['soon', 5, 1, 1],
    ['planned', 1, 10, 1],
    ['planned', 2, 9, 1],
    ['planned', 3, 8, 1],
    ['planned', 4, 7, 7],
    ['planned', 5, 3, 3],
  ])('%s wave %i with %i remaining offers %i', (tier, waveNumber, remaining, expected) => {
    expect(waveSize(policy, tier, waveNumber, remaining)).toBe(expected);
  });
});

describe('offerExpiresAt', () => {
  it.each<[DispatchTier, number]>([
    ['urgent', 10 * MINUTE_MS],
    ['soon', 30 * MINUTE_MS],
    ['planned', 2 * HOUR_MS],
  ])('a %s offer lives its time to live', (tier, ttlMs) => {
    expect(offerExpiresAt(DESIGN_TABLE, tier, createdAt, after(30 * 24 * HOUR_MS))).toEqual(after(ttlMs));
  });

  it('never outlives the deadline', () => {
    expect(offerExpiresAt(DESIGN_TABLE, 'planned', createdAt, after(HOUR_MS))).toEqual(after(HOUR_MS));
  });
});

describe('planDispatchStep', () => {
  const candidates = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10'];
  const stepInput = ({
    tier = 'urgent',
    ...overrides
  }: Partial<DispatchStepInput> & { tier?: DispatchTier }): DispatchStepInput => ({
    plan: dispatchPlanFor(DESIGN_TABLE, tier),
    now: createdAt,
    deadline: after(30 * MINUTE_MS),
    startsAt: after(2 * HOUR_MS),
    waveNumber: 0,
    pendingOffers: 0,
    rankedCandidateIds: candidates,
    ...overrides,
  });

  it.each<{ tier: DispatchTier; deadlineMs: number; size: number; expiresMs: number }>([
    { tier: 'urgent', deadlineMs: 30 * MINUTE_MS, size: 5, expiresMs: 10 * MINUTE_MS },
    { tier: 'soon', deadlineMs: 24 * HOUR_MS, size: 3, expiresMs: 30 * MINUTE_MS },
    { tier: 'planned', deadlineMs: 9 * 24 * HOUR_MS, size: 1, expiresMs: 2 * HOUR_MS },
  ])('offers a first $tier wave to the best $size', ({ tier, deadlineMs, size, expiresMs }) => {
    const step = planDispatchStep(
      stepInput({ tier, deadline: after(deadlineMs), startsAt: after(deadlineMs + 24 * HOUR_MS) }),
    );
    expect(step).toEqual({
      kind: 'offer',
      mediatorIds: candidates.slice(0, size),
      waveNumber: 1,
      expiresAt: after(expiresMs),
      wave: 'ranked',
      wakeAt: after(expiresMs),
    });
  });

  it('cascades one planned offer at a time, then offers everyone left after 3 waves', () => {
    const deadline = after(9 * 24 * HOUR_MS);
    const startsAt = after(10 * 24 * HOUR_MS);
    let remaining = candidates;
    const waves: string[][] = [];
    for (let wavesSent = 0; remaining.length > 0; wavesSent += 1) {
      const now = after(wavesSent * 2 * HOUR_MS);
      const step = planDispatchStep(
        stepInput({ tier: 'planned', now, deadline, startsAt, waveNumber: wavesSent, rankedCandidateIds: remaining }),
      );
      if (step.kind !== 'offer') throw new Error(`expected an offer, got ${step.kind}`);
      expect(step.waveNumber).toBe(wavesSent + 1);
      waves.push(step.mediatorIds);
      remaining = remaining.filter((id) => !step.mediatorIds.includes(id));
    }
    expect(waves).toEqual([['m01'], ['m02'], ['m03'], candidates.slice(3)]);
  });

  it('offers the next urgent wave to the next five, then the rest', () => {
    const second = planDispatchStep(
      stepInput({ waveNumber: 1, rankedCandidateIds: candidates.slice(5, 7), now: after(10 * MINUTE_MS) }),
    );
    expect(second).toEqual({
      kind: 'offer',
      mediatorIds: ['m06', 'm07'],
      waveNumber: 2,
      expiresAt: after(20 * MINUTE_MS),
      wave: 'ranked',
      wakeAt: after(20 * MINUTE_MS),
    });
  });

  it('cuts the offer life at the deadline', () => {
    const step = planDispatchStep(stepInput({ now: after(25 * MINUTE_MS) }));
    expect(step).toMatchObject({ kind: 'offer', expiresAt: after(30 * MINUTE_MS) });
  });

  it('waits while offers are pending, even with nobody left to ask, until the first expires', () => {
    const earliestPendingExpiry = after(10 * MINUTE_MS);
    expect(planDispatchStep(stepInput({ pendingOffers: 2, earliestPendingExpiry }))).toEqual({
      kind: 'wait',
      wakeAt: earliestPendingExpiry,
    });
    expect(planDispatchStep(stepInput({ pendingOffers: 1, earliestPendingExpiry, rankedCandidateIds: [] }))).toEqual({
      kind: 'wait',
      wakeAt: earliestPendingExpiry,
    });
  });

  it('waits at most until the deadline', () => {
    expect(planDispatchStep(stepInput({ pendingOffers: 1, earliestPendingExpiry: null }))).toEqual({
      kind: 'wait',
      wakeAt: after(30 * MINUTE_MS),
    });
  });

  it('gives up as unfilled when nobody is left', () => {
    expect(planDispatchStep(stepInput({ rankedCandidateIds: [] }))).toEqual({
      kind: 'unfilled',
      reason: 'no_candidates',
    });
  });

  it('gives up as unfilled at the deadline, pending offers or not', () => {
    expect(planDispatchStep(stepInput({ now: after(30 * MINUTE_MS) }))).toEqual({
      kind: 'unfilled',
      reason: 'deadline',
    });
    expect(planDispatchStep(stepInput({ now: after(31 * MINUTE_MS), pendingOffers: 3 }))).toEqual({
      kind: 'unfilled',
      reason: 'deadline',
    });
  });

  it('expires the request once its start has come', () => {
    expect(planDispatchStep(stepInput({ now: after(2 * HOUR_MS) }))).toEqual({ kind: 'expired' });
    expect(planDispatchStep(stepInput({ now: after(3 * HOUR_MS), pendingOffers: 1 }))).toEqual({ kind: 'expired' });
  });

  describe('the family first', () => {
    const familyFirst = (tier: DispatchTier) => ({
      ...dispatchPlanFor(DESIGN_TABLE, tier),
      familyFirst: true,
    });

    it('offers the first wave to the mediator who served the family, alone', () => {
      const step = planDispatchStep(stepInput({ plan: familyFirst('urgent'), familyMediatorId: 'm01' }));
      expect(step).toEqual({
        kind: 'offer',
        mediatorIds: ['m01'],
        waveNumber: 1,
        expiresAt: after(10 * MINUTE_MS),
        wave: 'family_first',
        wakeAt: after(10 * MINUTE_MS),
      });
    });

    it('goes on with the ranking after that first wave', () => {
      const step = planDispatchStep(
        stepInput({
          plan: familyFirst('urgent'),
          waveNumber: 1,
          familyMediatorId: 'm02',
          rankedCandidateIds: candidates.slice(1),
        }),
      );
      expect(step).toMatchObject({ mediatorIds: candidates.slice(1, 6), wave: 'ranked' });
    });

    it('is an ordinary wave without a family mediator among the candidates, or with the rule off', () => {
      expect(planDispatchStep(stepInput({ plan: familyFirst('urgent'), familyMediatorId: null }))).toMatchObject({
        mediatorIds: candidates.slice(0, 5),
        wave: 'ranked',
      });
      expect(planDispatchStep(stepInput({ plan: familyFirst('urgent'), familyMediatorId: 'm99' }))).toMatchObject({
        mediatorIds: candidates.slice(0, 5),
      });
      expect(planDispatchStep(stepInput({ familyMediatorId: 'm01' }))).toMatchObject({
        mediatorIds: candidates.slice(0, 5),
        wave: 'ranked',
      });
    });
  });

  describe('the last call', () => {
    const lastCall = { ...dispatchPlanFor(DESIGN_TABLE, 'urgent'), lastCall: true };

    it('offers everyone who let the offer expire once more, until the deadline, when nobody new is left', () => {
      const step = planDispatchStep(
        stepInput({
          plan: lastCall,
          now: after(10 * MINUTE_MS),
          waveNumber: 2,
          rankedCandidateIds: [],
          expiredCandidateIds: ['m03', 'm07'],
        }),
      );
      expect(step).toEqual({
        kind: 'offer',
        mediatorIds: ['m03', 'm07'],
        waveNumber: 3,
        expiresAt: after(30 * MINUTE_MS),
        wave: 'last_call',
        wakeAt: after(30 * MINUTE_MS),
      });
    });

    it('waits for the ranking while anyone new is left', () => {
      const step = planDispatchStep(
        stepInput({ plan: lastCall, rankedCandidateIds: ['m09'], expiredCandidateIds: ['m03'] }),
      );
      expect(step).toMatchObject({ mediatorIds: ['m09'], wave: 'ranked' });
    });

    it('gives up as unfilled with nobody to call, or with the rule off', () => {
      const unfilled = { kind: 'unfilled', reason: 'no_candidates' };
      expect(planDispatchStep(stepInput({ plan: lastCall, rankedCandidateIds: [], expiredCandidateIds: [] }))).toEqual(
        unfilled,
      );
      expect(planDispatchStep(stepInput({ rankedCandidateIds: [], expiredCandidateIds: ['m03'] }))).toEqual(unfilled);
    });
  });

  describe('the last call before the deadline', () => {
    // Urgent: the deadline 30 min after filing, the last call 10 min before it.
    const timed = { ...dispatchPlanFor(DESIGN_TABLE, 'urgent'), lastCall: true, lastCallBeforeDeadlineSeconds: 600 };

    it('wakes the search when it is due, before the wave would expire', () => {
      const step = planDispatchStep(stepInput({ plan: timed, now: after(15 * MINUTE_MS), waveNumber: 1 }));
      expect(step).toMatchObject({ kind: 'offer', expiresAt: after(25 * MINUTE_MS), wakeAt: after(20 * MINUTE_MS) });
      const waiting = planDispatchStep(
        stepInput({ plan: timed, pendingOffers: 1, earliestPendingExpiry: after(25 * MINUTE_MS) }),
      );
      expect(waiting).toEqual({ kind: 'wait', wakeAt: after(20 * MINUTE_MS) });
    });

    it('offers everyone left at once, until the deadline, even while offers are pending', () => {
      const step = planDispatchStep(
        stepInput({
          plan: timed,
          now: after(20 * MINUTE_MS),
          waveNumber: 1,
          pendingOffers: 5,
          earliestPendingExpiry: after(25 * MINUTE_MS),
          rankedCandidateIds: ['m06', 'm07'],
          expiredCandidateIds: ['m03'],
        }),
      );
      expect(step).toEqual({
        kind: 'offer',
        mediatorIds: ['m03', 'm06', 'm07'],
        waveNumber: 2,
        expiresAt: after(30 * MINUTE_MS),
        wave: 'last_call',
        wakeAt: after(30 * MINUTE_MS),
      });
    });

    it("keeps at most the tier's cap of offers out, whoever let theirs expire first, each refusal making room", () => {
      const many = Array.from({ length: 30 }, (_, index) => `r${String(index).padStart(2, '0')}`);
      const capped = { ...timed, lastCallMaxOffers: 20 };
      const due = { plan: capped, now: after(20 * MINUTE_MS), waveNumber: 1, expiredCandidateIds: ['m03'] };
      const first = planDispatchStep(stepInput({ ...due, pendingOffers: 5, rankedCandidateIds: many }));
      expect(first).toMatchObject({ wave: 'last_call', mediatorIds: ['m03', ...many.slice(0, 14)] });
      const full = { ...due, waveNumber: 2, expiredCandidateIds: [], rankedCandidateIds: many.slice(14) };
      expect(planDispatchStep(stepInput({ ...full, pendingOffers: 20 }))).toMatchObject({ kind: 'wait' });
      expect(planDispatchStep(stepInput({ ...full, pendingOffers: 19 }))).toMatchObject({ mediatorIds: ['r14'] });
      // A 1–3 day search's last call keeps six out: the one pending offer leaves room for five.
      const soon = { ...due, plan: { ...timed, lastCallMaxOffers: 6 }, pendingOffers: 1, rankedCandidateIds: many };
      expect(planDispatchStep(stepInput(soon))).toMatchObject({ mediatorIds: ['m03', ...many.slice(0, 4)] });
    });

    it('then waits for the pending offers, or gives up with nobody left', () => {
      const late = { plan: timed, now: after(22 * MINUTE_MS), waveNumber: 2, rankedCandidateIds: [] };
      expect(
        planDispatchStep(stepInput({ ...late, pendingOffers: 3, earliestPendingExpiry: after(30 * MINUTE_MS) })),
      ).toEqual({ kind: 'wait', wakeAt: after(30 * MINUTE_MS) });
      expect(planDispatchStep(stepInput(late))).toEqual({ kind: 'unfilled', reason: 'no_candidates' });
    });

    it('needs the candidates once it is due, pending offers or not', () => {
      const input = { plan: timed, deadline: after(30 * MINUTE_MS), startsAt: after(2 * HOUR_MS), pendingOffers: 2 };
      expect(needsCandidates({ ...input, now: after(19 * MINUTE_MS) })).toBe(false);
      expect(needsCandidates({ ...input, now: after(20 * MINUTE_MS) })).toBe(true);
      expect(needsCandidates({ ...input, now: after(30 * MINUTE_MS) })).toBe(false);
      expect(needsCandidates({ ...input, now: after(19 * MINUTE_MS), pendingOffers: 0 })).toBe(true);
    });

    it("lets the family's mediator go first, for half the time left when the last call is already due", () => {
      const family = { ...timed, familyFirst: true };
      const due = planDispatchStep(stepInput({ plan: family, now: after(24 * MINUTE_MS), familyMediatorId: 'm01' }));
      expect(due).toEqual({
        kind: 'offer',
        mediatorIds: ['m01'],
        waveNumber: 1,
        expiresAt: after(27 * MINUTE_MS),
        wave: 'family_first',
        wakeAt: after(27 * MINUTE_MS),
      });
      const early = planDispatchStep(stepInput({ plan: family, familyMediatorId: 'm01' }));
      expect(early).toMatchObject({ mediatorIds: ['m01'], expiresAt: after(10 * MINUTE_MS), wave: 'family_first' });
    });

    it('is no last call at all with the rule off', () => {
      const off = { ...timed, lastCall: false };
      const step = planDispatchStep(stepInput({ plan: off, now: after(20 * MINUTE_MS), rankedCandidateIds: ['m06'] }));
      expect(step).toMatchObject({ wave: 'ranked', wakeAt: after(30 * MINUTE_MS) });
      expect(timedLastCallAt(off, after(30 * MINUTE_MS))).toBeNull();
    });
  });

  it('does not change its input', () => {
    const ranked = [...candidates];
    planDispatchStep(stepInput({ rankedCandidateIds: ranked }));
    expect(ranked).toEqual(candidates);
  });
});

describe('storedDispatchPlan', () => {
  const fallback = { policy: DESIGN_TABLE, createdAt, startsAt: after(2 * HOUR_MS) };

  it('keeps a search stored before the family first and the last call existed without them', () => {
    const stored = { tier: 'soon', waveSize: 3, offerTtlSeconds: 1800, wavesBeforeBroadcast: null };
    expect(storedDispatchPlan(stored, fallback)).toEqual({
      ...stored,
      familyFirst: false,
      lastCall: false,
      lastCallBeforeDeadlineSeconds: null,
      lastCallMaxOffers: 20,
    });
  });

  it('keeps a last call stored before its cap was a setting at the 20 offers it had then', () => {
    const { lastCallMaxOffers, ...stored } = { ...dispatchPlanFor(DEFAULT_DISPATCH_POLICY, 'soon') };
    expect(lastCallMaxOffers).toBe(6);
    expect(storedDispatchPlan(stored, fallback)).toEqual({ ...stored, lastCallMaxOffers: 20 });
  });

  it('reads the plan a search stored, whatever the policy is now', () => {
    const stored = { ...dispatchPlanFor(DESIGN_TABLE, 'planned'), familyFirst: true, lastCall: true };
    expect(storedDispatchPlan(stored, fallback)).toEqual(stored);
  });
});

describe('remoteFallbackSearch', () => {
  const policy = DESIGN_TABLE;
  const startsAt = new Date('2027-03-10T09:00:00Z');
  const hoursBefore = (hours: number) => new Date(startsAt.getTime() - hours * 3_600_000);

  it('plans from now like a new search when its tier still leaves time', () => {
    const now = hoursBefore(100);
    expect(remoteFallbackSearch(policy, now, startsAt)).toEqual({
      plan: dispatchPlanFor(policy, 'planned'),
      deadline: hoursBefore(24),
    });
    const urgent = hoursBefore(5);
    expect(remoteFallbackSearch(policy, urgent, startsAt)).toEqual({
      plan: dispatchPlanFor(policy, 'urgent'),
      deadline: new Date(urgent.getTime() + 30 * 60_000),
    });
  });

  it('follows the urgent plan when the in-person search ended at its own deadline, 24 h before the start', () => {
    const now = hoursBefore(24);
    expect(remoteFallbackSearch(policy, now, startsAt)).toEqual({
      plan: dispatchPlanFor(policy, 'urgent'),
      deadline: new Date(now.getTime() + 30 * 60_000),
    });
  });

  it('never plans a deadline after the start', () => {
    const now = hoursBefore(0.25);
    expect(remoteFallbackSearch(policy, now, startsAt).deadline).toEqual(startsAt);
  });
});
