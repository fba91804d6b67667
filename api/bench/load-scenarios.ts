import type { RequestCreate } from '@ponte/shared';

/** What the load generator process is asked to fire, and what it reports back. */
export type ScenarioName = 'baseline' | 'create' | 'createFloor' | 'offers';

export interface LoadRun {
  scenario: ScenarioName;
  baseUrl: string;
  /** Bearer token of the caller (requester for create and its floor, mediator for offers). */
  token?: string;
  connections: number;
  durationSeconds: number;
}

export interface LoadSummary {
  scenario: ScenarioName;
  durationSeconds: number;
  /** autocannon's mean of the per-second response counts, whatever their status. */
  requestsPerSecond: number;
  /** Successful responses per second: what the ratios compare, so a fast error never counts as throughput. */
  successesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  responses2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export const BASELINE_PATH = '/bench/baseline';
export const CREATE_PATH = '/api/requests';
export const CREATE_FLOOR_PATH = '/bench/create-floor';
export const OFFERS_PATH = '/api/offers?status=pending';

/** Most requests in the data set are for Arabic: the create benchmark matches against the largest pool. */
export const CREATE_LANGUAGE = 'ar';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A school's request for an Arabic mediator in person, a few hours to four weeks ahead, in working hours:
 * every body differs in its start, so the tiers (urgent, soon, planned) and the bookings checked vary.
 */
export function createRequestBody(now: Date, pick: () => number = Math.random): RequestCreate {
  const startsAt = new Date(now.getTime() + Math.floor(pick() * 28) * DAY_MS);
  startsAt.setUTCHours(7 + Math.floor(pick() * 9), Math.floor(pick() * 4) * 15, 0, 0);
  if (startsAt.getTime() < now.getTime() + 2 * HOUR_MS) startsAt.setTime(startsAt.getTime() + DAY_MS);
  return {
    serviceType: 'school_meeting',
    languageCode: CREATE_LANGUAGE,
    mode: 'in_person',
    startsAt: startsAt.toISOString(),
    durationMinutes: pick() < 0.5 ? 60 : 90,
    contactName: 'Maestra Rossi',
    contactPhone: '+39 039 1234567',
  };
}
