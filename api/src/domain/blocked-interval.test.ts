import { describe, expect, it } from 'vitest';
import { blockedInterval, blockedIntervalsOverlap } from './blocked-interval.js';

describe('blockedInterval', () => {
  const startsAt = new Date('2027-04-14T08:00:00Z');
  const endsAt = new Date('2027-04-14T09:00:00Z');

  it.each([
    { mode: 'in_person' as const, end: '2027-04-14T09:30:00Z' },
    { mode: 'phone' as const, end: '2027-04-14T09:00:00Z' },
    { mode: 'video' as const, end: '2027-04-14T09:00:00Z' },
  ])('$mode blocks until $end', ({ mode, end }) => {
    expect(blockedInterval(startsAt, endsAt, mode, 30)).toEqual({ start: startsAt, end: new Date(end) });
  });

  it('treats intervals as half-open: touching ones do not overlap', () => {
    const first = blockedInterval(startsAt, endsAt, 'in_person', 30);
    const touching = { start: new Date('2027-04-14T09:30:00Z'), end: new Date('2027-04-14T10:00:00Z') };
    const intersecting = { start: new Date('2027-04-14T09:29:00Z'), end: new Date('2027-04-14T10:00:00Z') };
    expect(blockedIntervalsOverlap(first, touching)).toBe(false);
    expect(blockedIntervalsOverlap(touching, first)).toBe(false);
    expect(blockedIntervalsOverlap(first, intersecting)).toBe(true);
    expect(blockedIntervalsOverlap(intersecting, first)).toBe(true);
  });
});
