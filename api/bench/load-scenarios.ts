import type { RequestCreate } from '@ponte/shared';

/** What the load generator process is asked to fire, and what it reports back. */
export type ScenarioName =
  | 'floorGet'
  | 'floorInsert'
  | 'requesterList'
  | 'coordinatorList'
  | 'offers'
  | 'create'
  | 'createFloor'
  | 'readFloor'
  | 'steadyCreate';

export interface LoadRun {
  scenario: ScenarioName;
  /** Ponte's address, or the bare floor server's for the floor scenarios. */
  baseUrl: string;
  /** Bearer token of the caller (requester for the creates and their list, coordinator, mediator for offers). */
  token?: string;
  connections: number;
  durationSeconds: number;
  /** Open loop: this many requests per second in all, whatever the answers' speed (autocannon `overallRate`). */
  overallRate?: number;
  /** The steady create: the live streams (mediators' access tokens) on which each create's first offer is awaited. */
  listenerTokens?: string[];
}

/** The steady create's second figure: from a create's response to its first offer on a mediator's live stream. */
export interface FirstOfferDelivery {
  created: number;
  /** Creates whose first offer reached one of the listening streams within the wait. */
  delivered: number;
  /** The others: nobody was eligible (no offer), or their offer was lost on the way (see `lost`). */
  unseen: string[];
  /** Of `unseen`, those the database shows an offer for: set by the benchmark after the run. */
  lost?: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
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
  firstOffer?: FirstOfferDelivery;
}

export const FLOOR_GET_PATH = '/floor/select';
/** The table the floor's INSERT writes to, made by the benchmark before the floor server starts. */
export const FLOOR_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS bench_floor (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL)';
export const FLOOR_INSERT_PATH = '/floor/insert';
export const CREATE_PATH = '/api/requests';
export const CREATE_FLOOR_PATH = '/bench/create-floor';
export const READ_FLOOR_PATH = '/bench/read-floor';
export const OFFERS_PATH = '/api/offers?status=pending';
/** A teacher's home page: their school's next and latest requests. */
export const REQUESTER_LIST_PATH = '/api/requests?limit=20';

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

/**
 * The coordinators' request list as they filter it: one language, the weeks around today (the
 * dispatch desk's view), the first page.
 */
export function coordinatorListPath(now: Date): string {
  const from = new Date(now.getTime() - 14 * DAY_MS).toISOString();
  const to = new Date(now.getTime() + 14 * DAY_MS).toISOString();
  return `/api/requests?languageCode=${CREATE_LANGUAGE}&from=${from}&to=${to}&limit=20`;
}
