import { z } from 'zod';

export type DispatchTier = 'urgent' | 'soon' | 'planned';

/** How every tier's waves go out, besides their size and life. */
interface WaveRules {
  waveSize: number;
  offerTtlSeconds: number;
  /** A case's later request is offered first to the mediator who served the family, alone. */
  familyFirst: boolean;
  /** With nobody new left, whoever let their offer expire is offered it once more, until the deadline. */
  lastCall: boolean;
  /**
   * With `lastCall`, the last call also goes out this long before the deadline, to everyone left (whoever
   * let their offer expire and everyone not offered yet), even while offers are pending; null: only
   * when nobody new is left.
   */
  lastCallBeforeDeadlineSeconds: number | null;
  /**
   * A last call keeps at most this many offers out at once, whoever let theirs expire first, then the
   * ranking: with a roster of thousands it is still no broadcast, and each refusal makes room for the next.
   */
  lastCallMaxOffers: number;
}

export interface DispatchPolicy {
  urgent: WaveRules & { unfilledAfterSeconds: number };
  soon: WaveRules & { unfilledBeforeStartSeconds: number };
  /** `wavesBeforeBroadcast`: after this many waves, every remaining candidate at once; null: never. */
  planned: WaveRules & { unfilledBeforeStartSeconds: number; wavesBeforeBroadcast: number | null };
}

const HOUR_SECONDS = 3600;
const HOUR_MS = HOUR_SECONDS * 1000;

/** Lead times that separate the tiers (DESIGN.md, Dispatch). */
export const URGENT_LEAD_LIMIT_MS = 24 * HOUR_MS;
export const SOON_LEAD_LIMIT_MS = 72 * HOUR_MS;

/**
 * DESIGN.md's waves, changed where the season simulation (README, "Choosing a dispatch policy") showed
 * them losing to another policy: urgent waves of 10 living 15 min, then a last call (up to 20 offers out);
 * 1–3 days and planned one mediator at a time (6 h and 24 h), the family's mediator first, then a last
 * call to everyone left (up to 6 offers out) when nobody new is, or 24 h before the deadline at the latest.
 */
export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = Object.freeze({
  urgent: Object.freeze({
    waveSize: 10,
    offerTtlSeconds: 900,
    familyFirst: false,
    lastCall: true,
    lastCallBeforeDeadlineSeconds: null,
    lastCallMaxOffers: 20,
    unfilledAfterSeconds: 1800,
  }),
  soon: Object.freeze({
    waveSize: 1,
    offerTtlSeconds: 6 * HOUR_SECONDS,
    familyFirst: true,
    lastCall: true,
    lastCallBeforeDeadlineSeconds: 24 * HOUR_SECONDS,
    lastCallMaxOffers: 6,
    unfilledBeforeStartSeconds: 24 * HOUR_SECONDS,
  }),
  planned: Object.freeze({
    waveSize: 1,
    offerTtlSeconds: 24 * HOUR_SECONDS,
    familyFirst: true,
    lastCall: true,
    lastCallBeforeDeadlineSeconds: 24 * HOUR_SECONDS,
    lastCallMaxOffers: 6,
    unfilledBeforeStartSeconds: 24 * HOUR_SECONDS,
    wavesBeforeBroadcast: null,
  }),
});

/** Every rule beyond a tier's wave size and life off: plain waves (other policies, a series offered whole). */
export const PLAIN_WAVE_RULES = Object.freeze({
  familyFirst: false,
  lastCall: false,
  lastCallBeforeDeadlineSeconds: null,
}) satisfies Omit<WaveRules, 'waveSize' | 'offerTtlSeconds' | 'lastCallMaxOffers'>;

const positiveInteger = z.int().positive();

const waveRules = {
  waveSize: positiveInteger,
  offerTtlSeconds: positiveInteger,
  familyFirst: z.boolean(),
  lastCall: z.boolean(),
  lastCallBeforeDeadlineSeconds: positiveInteger.nullable(),
  lastCallMaxOffers: positiveInteger,
};

/** The `DISPATCH_POLICY` setting: any subset of the defaults; unknown keys are refused to catch typos. */
export const DispatchPolicyOverride = z
  .strictObject({
    urgent: z.strictObject({ ...waveRules, unfilledAfterSeconds: positiveInteger }).partial(),
    soon: z.strictObject({ ...waveRules, unfilledBeforeStartSeconds: positiveInteger }).partial(),
    planned: z
      .strictObject({
        ...waveRules,
        unfilledBeforeStartSeconds: positiveInteger,
        wavesBeforeBroadcast: positiveInteger.nullable(),
      })
      .partial(),
  })
  .partial();
export type DispatchPolicyOverride = z.infer<typeof DispatchPolicyOverride>;

export function mergeDispatchPolicy(
  override: DispatchPolicyOverride | undefined,
  base: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
): DispatchPolicy {
  return {
    urgent: { ...base.urgent, ...withoutUndefined(override?.urgent) },
    soon: { ...base.soon, ...withoutUndefined(override?.soon) },
    planned: { ...base.planned, ...withoutUndefined(override?.planned) },
  };
}

/** Validates the raw setting (already JSON-parsed; undefined = not set) and merges it over the defaults. */
export function parseDispatchPolicy(raw: unknown): DispatchPolicy {
  return raw === undefined ? mergeDispatchPolicy(undefined) : mergeDispatchPolicy(DispatchPolicyOverride.parse(raw));
}

export function tierFor(createdAt: Date, startsAt: Date): DispatchTier {
  const leadMs = startsAt.getTime() - createdAt.getTime();
  if (leadMs < URGENT_LEAD_LIMIT_MS) return 'urgent';
  if (leadMs <= SOON_LEAD_LIMIT_MS) return 'soon';
  return 'planned';
}

/**
 * When a request still searching becomes unfilled. Kept between creation and start, so a short
 * override or a lead time barely above a tier limit gives an immediate deadline, never a past one.
 */
export function dispatchDeadline(policy: DispatchPolicy, tier: DispatchTier, createdAt: Date, startsAt: Date): Date {
  const createdMs = createdAt.getTime();
  const startMs = startsAt.getTime();
  const deadlineMs =
    tier === 'urgent'
      ? createdMs + policy.urgent.unfilledAfterSeconds * 1000
      : startMs - policy[tier].unfilledBeforeStartSeconds * 1000;
  return new Date(Math.max(createdMs, Math.min(deadlineMs, startMs)));
}

/**
 * The dispatch plan: what a search follows from its start to its end, stored on the request when
 * dispatch starts, so a change of `DISPATCH_POLICY` applies to new searches and never to one under way.
 * The deadline is stored beside it (`requests.dispatch_deadline`).
 */
export interface DispatchPlan {
  tier: DispatchTier;
  waveSize: number;
  offerTtlSeconds: number;
  /** Planned requests only: after this many waves, every remaining candidate at once; null: never. */
  wavesBeforeBroadcast: number | null;
  familyFirst: boolean;
  lastCall: boolean;
  lastCallBeforeDeadlineSeconds: number | null;
  lastCallMaxOffers: number;
}

/** The cap of a last call before it was a setting: what searches planned then keep. */
const FIRST_LAST_CALL_MAX_OFFERS = 20;

const StoredDispatchPlan = z.object({
  tier: z.enum(['urgent', 'soon', 'planned']),
  waveSize: positiveInteger,
  offerTtlSeconds: positiveInteger,
  wavesBeforeBroadcast: positiveInteger.nullable(),
  // Plans stored before these rules existed keep the search they started: without them.
  familyFirst: z.boolean().default(false),
  lastCall: z.boolean().default(false),
  lastCallBeforeDeadlineSeconds: positiveInteger.nullable().default(null),
  lastCallMaxOffers: positiveInteger.default(FIRST_LAST_CALL_MAX_OFFERS),
});

export function dispatchPlanFor(policy: DispatchPolicy, tier: DispatchTier): DispatchPlan {
  return {
    tier,
    waveSize: policy[tier].waveSize,
    offerTtlSeconds: policy[tier].offerTtlSeconds,
    wavesBeforeBroadcast: tier === 'planned' ? policy.planned.wavesBeforeBroadcast : null,
    familyFirst: policy[tier].familyFirst,
    lastCall: policy[tier].lastCall,
    lastCallBeforeDeadlineSeconds: policy[tier].lastCallBeforeDeadlineSeconds,
    lastCallMaxOffers: policy[tier].lastCallMaxOffers,
  };
}

/**
 * The plan stored on a request. Requests whose dispatch started before plans were stored hold only
 * `{tier}` (or nothing): for those alone the current policy fills in the rest.
 */
export function storedDispatchPlan(
  stored: unknown,
  fallback: { policy: DispatchPolicy; createdAt: Date; startsAt: Date },
): DispatchPlan {
  const full = StoredDispatchPlan.safeParse(stored);
  if (full.success) return full.data;
  const tier = z.object({ tier: StoredDispatchPlan.shape.tier }).safeParse(stored);
  return dispatchPlanFor(
    fallback.policy,
    tier.success ? tier.data.tier : tierFor(fallback.createdAt, fallback.startsAt),
  );
}

/**
 * The search a remote fallback starts (issue 16), planned from `now` like any new search. When that
 * tier's deadline is already reached — an in-person search of a soon or planned request ends 24 h
 * before its start, so the remote one would have no time at all — it follows the urgent plan, whose
 * deadline counts from now (kept before the start).
 */
export function remoteFallbackSearch(
  policy: DispatchPolicy,
  now: Date,
  startsAt: Date,
): { plan: DispatchPlan; deadline: Date } {
  const tier = tierFor(now, startsAt);
  const deadline = dispatchDeadline(policy, tier, now, startsAt);
  if (deadline.getTime() > now.getTime()) return { plan: dispatchPlanFor(policy, tier), deadline };
  return { plan: dispatchPlanFor(policy, 'urgent'), deadline: dispatchDeadline(policy, 'urgent', now, startsAt) };
}

/** How many of the remaining candidates wave `waveNumber` (1-based) offers the request to. */
export function waveSize(
  policy: DispatchPolicy,
  tier: DispatchTier,
  waveNumber: number,
  remainingCandidates: number,
): number {
  return planWaveSize(dispatchPlanFor(policy, tier), waveNumber, remainingCandidates);
}

export function planWaveSize(plan: DispatchPlan, waveNumber: number, remainingCandidates: number): number {
  const remaining = Math.max(0, remainingCandidates);
  if (plan.wavesBeforeBroadcast !== null && waveNumber > plan.wavesBeforeBroadcast) return remaining;
  return Math.min(plan.waveSize, remaining);
}

export function offerExpiresAt(policy: DispatchPolicy, tier: DispatchTier, now: Date, deadline: Date): Date {
  return planOfferExpiresAt(dispatchPlanFor(policy, tier), now, deadline);
}

export function planOfferExpiresAt(plan: DispatchPlan, now: Date, deadline: Date): Date {
  return new Date(Math.min(now.getTime() + plan.offerTtlSeconds * 1000, deadline.getTime()));
}

export interface DispatchStepInput {
  plan: DispatchPlan;
  now: Date;
  deadline: Date;
  startsAt: Date;
  /** Waves already sent. */
  waveNumber: number;
  pendingOffers: number;
  /** When the first of the pending offers expires; null or absent with none pending. */
  earliestPendingExpiry?: Date | null;
  /** Eligible mediators, best first, without anyone offered this request before. */
  rankedCandidateIds: readonly string[];
  /** Among them, the one who served the family's case (or holds the series' earlier sessions), if any. */
  familyMediatorId?: string | null;
  /** Mediators kept out of the ranking by nothing but an offer of this request they let expire. */
  expiredCandidateIds?: readonly string[];
}

/** Why a wave goes to whom it goes: the ranking's next wave, the family's mediator alone, or a last call. */
export type WaveKind = 'ranked' | 'family_first' | 'last_call';

/** `wakeAt`: when the search must be looked at again if nothing happens before. */
export type DispatchStep =
  | { kind: 'offer'; mediatorIds: string[]; waveNumber: number; expiresAt: Date; wave: WaveKind; wakeAt: Date }
  | { kind: 'wait'; wakeAt: Date }
  | { kind: 'unfilled'; reason: 'no_candidates' | 'deadline' }
  | { kind: 'expired' };

/** When the plan's last call goes out even with someone new left; null when only nobody left brings it. */
export function timedLastCallAt(plan: DispatchPlan, deadline: Date): Date | null {
  if (!plan.lastCall || plan.lastCallBeforeDeadlineSeconds === null) return null;
  return new Date(deadline.getTime() - plan.lastCallBeforeDeadlineSeconds * 1000);
}

/** Whether `planDispatchStep` needs the candidates: with nothing pending, or once the timed last call is due. */
export function needsCandidates(
  input: Pick<DispatchStepInput, 'plan' | 'now' | 'deadline' | 'startsAt' | 'pendingOffers'>,
): boolean {
  const nowMs = input.now.getTime();
  if (nowMs >= input.deadline.getTime() || nowMs >= input.startsAt.getTime()) return false;
  const lastCallAt = timedLastCallAt(input.plan, input.deadline);
  return input.pendingOffers === 0 || (lastCallAt !== null && nowMs >= lastCallAt.getTime());
}

/**
 * What to do next with a request that is searching: the one decision shared by request creation,
 * a declined or expired offer, a withdrawal and the periodic sweep, so they can never disagree.
 * The deadline wins over pending offers because their expiry never outlives it anyway.
 */
export function planDispatchStep(input: DispatchStepInput): DispatchStep {
  const nowMs = input.now.getTime();
  if (nowMs >= input.startsAt.getTime()) return { kind: 'expired' };
  if (nowMs >= input.deadline.getTime()) return { kind: 'unfilled', reason: 'deadline' };

  const lastCallAt = timedLastCallAt(input.plan, input.deadline);
  const lastCallDue = lastCallAt !== null && nowMs >= lastCallAt.getTime();
  // Woken again at the timed last call, unless it is due or something earlier comes first.
  const wakeBy = (at: Date) => (lastCallAt !== null && !lastCallDue && lastCallAt < at ? lastCallAt : at);
  const nextWave = input.waveNumber + 1;
  const offer = (mediatorIds: string[], expiresAt: Date, wave: WaveKind): DispatchStep => ({
    kind: 'offer',
    mediatorIds,
    waveNumber: nextWave,
    expiresAt,
    wave,
    wakeAt: wakeBy(expiresAt),
  });
  const ranked = input.rankedCandidateIds;
  const expired = input.expiredCandidateIds ?? [];
  const expiresAt = planOfferExpiresAt(input.plan, input.now, input.deadline);
  const family = input.familyMediatorId ?? null;
  // The family's mediator comes first even when the last call is due from the start.
  const familyFirst = input.plan.familyFirst && input.waveNumber === 0 && input.pendingOffers === 0;
  if (familyFirst && family !== null && ranked.includes(family)) {
    // With the last call already due, the family's mediator has half the time left, then the last call.
    const halfLeft = new Date(nowMs + (input.deadline.getTime() - nowMs) / 2);
    return offer([family], lastCallDue && halfLeft < expiresAt ? halfLeft : expiresAt, 'family_first');
  }
  // A last call lives until the deadline, so only someone left out of it can have another.
  const lastCallTo = [...expired, ...ranked].slice(0, Math.max(0, input.plan.lastCallMaxOffers - input.pendingOffers));
  if (lastCallDue && lastCallTo.length > 0) return offer(lastCallTo, input.deadline, 'last_call');
  if (input.pendingOffers > 0) {
    const expiry = input.earliestPendingExpiry ?? input.deadline;
    return { kind: 'wait', wakeAt: wakeBy(expiry < input.deadline ? expiry : input.deadline) };
  }
  if (ranked.length === 0) {
    if (input.plan.lastCall && expired.length > 0) return offer(lastCallTo, input.deadline, 'last_call');
    return { kind: 'unfilled', reason: 'no_candidates' };
  }
  return offer(ranked.slice(0, planWaveSize(input.plan, nextWave, ranked.length)), expiresAt, 'ranked');
}

function withoutUndefined<T extends object>(values: T | undefined): Partial<T> {
  if (values === undefined) return {};
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
