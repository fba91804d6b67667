import { describe, expect, it } from 'vitest';
import {
  acceptChance,
  answerAt,
  behaviourOf,
  BEHAVIOUR_MODEL,
  decide,
  nextLook,
  type MediatorBehaviour,
} from './behaviour.js';
import { atLocal, HOUR_MS, MINUTE_MS, wallClock } from './local-clock.js';
import { quantile } from './figures.js';
import { createRandom, randomFor } from './random.js';

const people = Array.from({ length: 2000 }, (_, index) => behaviourOf(7, index));
const share = (predicate: (behaviour: MediatorBehaviour) => boolean) => people.filter(predicate).length / people.length;
const steady = (medianDelayMinutes: number): MediatorBehaviour => ({
  kind: 'steady',
  medianDelayMinutes,
  sigma: 0.9,
  baseAccept: 0.7,
  phoneFrom: 7 * 60,
  phoneTo: 22 * 60,
  withdrawChance: 0.03,
});
// A Tuesday at 10:00 in Rome.
const tuesdayMorning = atLocal('2027-09-14', 10 * 60);

describe('the behaviour model', () => {
  it('has about a tenth quick fingers and a fifth who read offers twice a day', () => {
    expect(share((b) => b.kind === 'quick_fingers')).toBeCloseTo(BEHAVIOUR_MODEL.quickFingersShare, 1);
    expect(share((b) => b.kind === 'twice_a_day')).toBeCloseTo(BEHAVIOUR_MODEL.twiceADayShare, 1);
    const steadyMedians = people.filter((b) => b.kind === 'steady').map((b) => b.medianDelayMinutes);
    expect(Math.min(...steadyMedians)).toBeGreaterThanOrEqual(12);
    expect(Math.max(...steadyMedians)).toBeLessThanOrEqual(60);
  });

  it('is the same person for the same seed and index, another for another seed', () => {
    expect(behaviourOf(7, 3)).toEqual(people[3]);
    expect(Array.from({ length: 50 }, (_, index) => behaviourOf(8, index))).not.toEqual(people.slice(0, 50));
  });

  it('answers after a log-normal delay around the median while the phone is in hand', () => {
    const person = steady(20);
    const delays = Array.from(
      { length: 4000 },
      (_, draw) =>
        (answerAt(person, tuesdayMorning, randomFor(1, draw)).getTime() - tuesdayMorning.getTime()) / MINUTE_MS,
    );
    expect(quantile(delays, 0.5)).toBeGreaterThan(20 * 0.9);
    expect(quantile(delays, 0.5)).toBeLessThan(20 * 1.1);
    // σ = 0.9: the 90th percentile is e^(1.2816·0.9) ≈ 3.17 times the median.
    expect((quantile(delays, 0.9) ?? 0) / 20).toBeGreaterThan(2.8);
    expect((quantile(delays, 0.9) ?? 0) / 20).toBeLessThan(3.6);
    expect(Math.min(...delays)).toBeGreaterThan(0);
  });

  it('quick fingers answer within minutes', () => {
    const quick = people.find((b) => b.kind === 'quick_fingers') as MediatorBehaviour;
    const offeredAt = atLocal('2027-09-14', quick.phoneFrom + 60);
    const delays = Array.from(
      { length: 1000 },
      (_, draw) => (answerAt(quick, offeredAt, randomFor(2, draw)).getTime() - offeredAt.getTime()) / MINUTE_MS,
    );
    expect(quantile(delays, 0.5)).toBeLessThan(2);
    expect(quantile(delays, 0.9)).toBeLessThan(5);
  });

  it('looks at the phone only in working hours: an offer at night is seen in the morning', () => {
    const person = { ...steady(20), phoneFrom: 8 * 60, phoneTo: 18 * 60 };
    const night = atLocal('2027-09-14', 23 * 60);
    expect(nextLook(person, night)).toEqual(atLocal('2027-09-15', 8 * 60));
    const answered = answerAt(person, night, randomFor(3, 1));
    expect(wallClock(answered).date).toBe('2027-09-15');
    expect(wallClock(answered).minute).toBeGreaterThanOrEqual(8 * 60);
  });

  it('twice-a-day readers answer after 07:30 or 18:30 only', () => {
    const reader = people.find((b) => b.kind === 'twice_a_day') as MediatorBehaviour;
    for (let draw = 0; draw < 200; draw += 1) {
      const offeredAt = new Date(tuesdayMorning.getTime() + draw * 37 * MINUTE_MS);
      const seen = nextLook(reader, offeredAt);
      expect([7 * 60 + 30, 18 * 60 + 30]).toContain(wallClock(seen).minute);
      expect(answerAt(reader, offeredAt, randomFor(4, draw)).getTime()).toBeGreaterThanOrEqual(seen.getTime());
    }
  });

  it('accepts less as the week fills up and as the start is further away', () => {
    const person = steady(20);
    const soon = 20 * HOUR_MS;
    expect(acceptChance(person, 0, soon)).toBeGreaterThan(acceptChance(person, 0.5, soon));
    expect(acceptChance(person, 0.5, soon)).toBeGreaterThan(acceptChance(person, 1, soon));
    expect(acceptChance(person, 1, soon)).toBeCloseTo(
      person.baseAccept * (1 - BEHAVIOUR_MODEL.loadPenalty) * (1 - 0.3 * (20 / 336)),
      6,
    );
    expect(acceptChance(person, 0, soon)).toBeGreaterThan(acceptChance(person, 0, 10 * 24 * HOUR_MS));
    expect(acceptChance(person, 0, 30 * 24 * HOUR_MS)).toBeCloseTo(
      person.baseAccept * (1 - BEHAVIOUR_MODEL.leadPenalty),
      6,
    );
  });

  it('accepts, declines and ignores in the stated proportions', () => {
    const person = steady(20);
    const random = createRandom(5);
    const answers = Array.from({ length: 10_000 }, () => decide(person, 0.25, 0, random));
    const accepted = answers.filter((answer) => answer === 'accept').length / answers.length;
    const declined = answers.filter((answer) => answer === 'decline').length / answers.length;
    const expected = acceptChance(person, 0.25, 0);
    expect(accepted).toBeCloseTo(expected, 1);
    expect(declined).toBeCloseTo((1 - expected) * BEHAVIOUR_MODEL.declineShare, 1);
  });
});
