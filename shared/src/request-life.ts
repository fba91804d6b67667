import type { RequestStatus } from './enums.js';

/** DESIGN.md, Request life: providers pay the mediator when an assigned request is cancelled less than 24 h before it starts. */
export const LATE_CANCELLATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether cancelling now would be a late cancellation. The API records it; the web app warns with the
 * same rule before the user confirms. Instants as `Date` or ISO text, whichever the caller holds.
 */
export function isLateCancellation(status: RequestStatus, startsAt: Date | string, now: Date | string): boolean {
  return status === 'assigned' && instantMs(startsAt) - instantMs(now) < LATE_CANCELLATION_WINDOW_MS;
}

const instantMs = (instant: Date | string) => (typeof instant === 'string' ? Date.parse(instant) : instant.getTime());
