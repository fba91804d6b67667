import { atLocal, addDays, HOUR_MS, MINUTE_MS, wallClock } from './local-clock.js';
import { randomFor, type Random } from './random.js';

export type ResponderKind = 'quick_fingers' | 'steady' | 'twice_a_day';

/** One mediator's habits, drawn once per seed and the same under every policy. */
export interface MediatorBehaviour {
  kind: ResponderKind;
  /** Median minutes from seeing an offer to answering it (log-normal around it). */
  medianDelayMinutes: number;
  /** σ of the delay's logarithm. */
  sigma: number;
  /** Chance to accept an offer that fits, with an empty week and a job for tomorrow. */
  baseAccept: number;
  /** Minutes of the local day when they look at the phone (steady and quick fingers). */
  phoneFrom: number;
  phoneTo: number;
  /** Chance to withdraw from a job once accepted. */
  withdrawChance: number;
}

/** The behaviour model, stated once (README, `simulation.json`). */
export const BEHAVIOUR_MODEL = {
  quickFingersShare: 0.1,
  twiceADayShare: 0.2,
  quickFingers: { medianDelayMinutes: 1.5, sigma: 0.5, baseAccept: 0.9 },
  steady: { medianDelayMinutes: { min: 12, max: 60 }, sigma: 0.9, baseAccept: { min: 0.55, max: 0.8 } },
  twiceADay: { readingMinutes: [7 * 60 + 30, 18 * 60 + 30], medianDelayMinutes: 10, sigma: 0.6, baseAccept: 0.7 },
  phoneHours: [
    [7 * 60 + 30, 20 * 60],
    [8 * 60, 18 * 60],
    [7 * 60, 22 * 60],
  ] as [number, number][],
  /** Acceptance falls linearly to (1 − loadPenalty) as the week's booked minutes reach the cap. */
  loadPenalty: 0.7,
  /** …and to (1 − leadPenalty) as the start is two weeks away or more (a far job waits for a better one). */
  leadPenalty: 0.3,
  leadPenaltyFullAfterHours: 14 * 24,
  /** Of the offers not accepted, the share declined explicitly; the rest are left to expire. */
  declineShare: 0.6,
  withdrawChance: 0.03,
} as const;

/** Purposes of draws, so each one has its own stream. */
export const Draw = { profile: 11, delay: 12, answer: 13, withdraw: 14 } as const;

export function behaviourOf(seed: number, mediatorIndex: number): MediatorBehaviour {
  const random = randomFor(seed, Draw.profile, mediatorIndex);
  const model = BEHAVIOUR_MODEL;
  const roll = random.next();
  const [phoneFrom, phoneTo] = random.pick(model.phoneHours);
  const common = { phoneFrom, phoneTo, withdrawChance: model.withdrawChance };
  if (roll < model.quickFingersShare) return { kind: 'quick_fingers', ...model.quickFingers, ...common };
  if (roll < model.quickFingersShare + model.twiceADayShare) {
    const { medianDelayMinutes, sigma, baseAccept } = model.twiceADay;
    return { kind: 'twice_a_day', medianDelayMinutes, sigma, baseAccept, ...common };
  }
  const spread = (range: { min: number; max: number }) => range.min + random.next() * (range.max - range.min);
  return {
    kind: 'steady',
    medianDelayMinutes: spread(model.steady.medianDelayMinutes),
    sigma: model.steady.sigma,
    baseAccept: spread(model.steady.baseAccept),
    ...common,
  };
}

/** The next moment at or after `from` when this mediator looks at the phone. */
export function nextLook(behaviour: MediatorBehaviour, from: Date): Date {
  for (let day = 0; day < 8; day += 1) {
    const date = addDays(wallClock(from).date, day);
    const windows =
      behaviour.kind === 'twice_a_day'
        ? BEHAVIOUR_MODEL.twiceADay.readingMinutes.map((minute) => [minute, minute] as const)
        : [[behaviour.phoneFrom, behaviour.phoneTo] as const];
    for (const [start, end] of windows) {
      const opens = atLocal(date, start);
      const closes = new Date(atLocal(date, end).getTime() + MINUTE_MS);
      if (from < closes) return from > opens ? from : opens;
    }
  }
  return from;
}

/**
 * When the mediator answers an offer made at `offeredAt`: the next time they look at the phone, plus a
 * log-normal delay (quick fingers ~1.5 min, most people 12–60 min, some read offers twice a day). An
 * answer that would fall after the phone is put away waits for the next look.
 */
export function answerAt(behaviour: MediatorBehaviour, offeredAt: Date, random: Random): Date {
  const seen = nextLook(behaviour, offeredAt);
  const delayMs = Math.min(random.logNormal(behaviour.medianDelayMinutes, behaviour.sigma), 12 * 60) * MINUTE_MS;
  const answered = new Date(seen.getTime() + delayMs);
  if (behaviour.kind === 'twice_a_day') return answered;
  const stillLooking = nextLook(behaviour, answered);
  return stillLooking.getTime() === answered.getTime() ? answered : new Date(stillLooking.getTime() + delayMs / 4);
}

/** The chance to accept, falling with the week's load (booked / cap) and with lead time. */
export function acceptChance(behaviour: MediatorBehaviour, load: number, leadMs: number): number {
  const model = BEHAVIOUR_MODEL;
  const loadFactor = 1 - model.loadPenalty * Math.min(1, Math.max(0, load));
  const leadFactor =
    1 - model.leadPenalty * Math.min(1, Math.max(0, leadMs / (model.leadPenaltyFullAfterHours * HOUR_MS)));
  return behaviour.baseAccept * loadFactor * leadFactor;
}

export type Answer = 'accept' | 'decline' | 'ignore';

export function decide(behaviour: MediatorBehaviour, load: number, leadMs: number, random: Random): Answer {
  if (random.chance(acceptChance(behaviour, load, leadMs))) return 'accept';
  return random.chance(BEHAVIOUR_MODEL.declineShare) ? 'decline' : 'ignore';
}
