import type { Mode } from '@ponte/shared';

export interface BlockedInterval {
  start: Date;
  end: Date;
}

const MILLISECONDS_PER_MINUTE = 60_000;

/**
 * The time a booking keeps a mediator busy: `[startsAt, endsAt + travel buffer)` in person,
 * `[startsAt, endsAt)` on the phone or video. Two bookings clash when their intervals intersect
 * (half-open), so back-to-back phone calls are fine; the database's exclusion constraint must use
 * this same rule.
 */
export function blockedInterval(
  startsAt: Date,
  endsAt: Date,
  mode: Mode,
  travelBufferMinutes: number,
): BlockedInterval {
  return { start: startsAt, end: new Date(blockedEndMs(endsAt.getTime(), mode, travelBufferMinutes)) };
}

export function blockedIntervalsOverlap(first: BlockedInterval, second: BlockedInterval): boolean {
  return first.start.getTime() < second.end.getTime() && second.start.getTime() < first.end.getTime();
}

/** `blockedInterval`'s end as epoch milliseconds, for loops that cannot afford a Date per booking. */
export function blockedEndMs(endMs: number, mode: Mode, travelBufferMinutes: number): number {
  return mode === 'in_person' ? endMs + travelBufferMinutes * MILLISECONDS_PER_MINUTE : endMs;
}
