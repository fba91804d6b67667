import { performance } from 'node:perf_hooks';
import { serviceTypesByKind, type Gender, type Mode } from '@ponte/shared';
import { pino } from 'pino';
import type { Config } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { requests } from '../src/db/schema/index.js';
import { systemClock } from '../src/lib/clock.js';
import { createDispatcher } from '../src/modules/dispatch/dispatch.service.js';
import { describeRequest } from '../src/modules/requests/request-detail.js';
import type { RequestRow } from '../src/db/schema/index.js';
import type { Random } from './random.js';
import { recurringCaseRef } from './seed-history.js';
import type { ReferenceData, Roster } from './seed-roster.js';
import { maximum, mean, percentile } from './statistics.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const MEASURED_REQUESTS = 200;
const WARM_UP_REQUESTS = 30;
/** Each request is ranked this many times: every timing counts, and the best of each shows the cost without other load. */
const PASSES = 3;
export const CANDIDATES_P99_TARGET_MS = 25;

export interface CandidatesResult {
  scope: string;
  requests: number;
  passes: number;
  /** Over every timing (requests × passes). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Over each request's fastest pass: less sensitive to whatever else shares the CPU. */
  bestOfPassesP50Ms: number;
  bestOfPassesP99Ms: number;
  meanConsidered: number;
  meanEligible: number;
  /** The first ranking of a fresh dispatcher, which loads the in-memory roster: paid once per instance and roster change. */
  firstRankingMs: number;
}

/** A request as schools and social services make them: any language by demand, any district, mode and time. */
function generateRequest(
  random: Random,
  roster: Roster,
  reference: ReferenceData,
  now: Date,
): typeof requests.$inferInsert {
  const organization = random.pick(roster.organizations);
  const startsAt = new Date(now.getTime() + random.integer(0, 21) * DAY_MS);
  startsAt.setUTCHours(random.integer(7, 15), random.pick([0, 15, 30, 45]), 0, 0);
  if (startsAt.getTime() < now.getTime() + 2 * HOUR_MS) startsAt.setTime(startsAt.getTime() + DAY_MS);
  const languageCode = random.weighted(reference.languageWeights);
  const dialects = reference.dialectsByLanguage.get(languageCode) ?? [];
  const genderPreference: Gender | null = random.chance(0.2) ? random.pick(['female', 'male'] as const) : null;
  return {
    organizationId: organization.id,
    serviceType: random.pick(serviceTypesByKind[organization.kind]),
    languageCode,
    dialect: dialects.length > 0 && random.chance(0.2) ? random.pick(dialects) : null,
    mode: random.weighted<Mode>([
      ['in_person', 60],
      ['phone', 25],
      ['video', 15],
    ]),
    startsAt,
    durationMinutes: random.pick([60, 60, 90, 120]),
    districtId: organization.districtId,
    locationAddress: organization.address,
    locationMunicipality: organization.municipality,
    genderPreference,
    genderRequired: genderPreference !== null && random.chance(0.25),
    caseRef: random.chance(0.2) ? recurringCaseRef(random, organization.id) : null,
    contactName: 'Referente',
    contactPhone: '+39 039 1234567',
    status: 'searching',
    dispatchPlan: { tier: 'planned' },
    createdAt: now,
  };
}

async function insertRequests(db: Database, rows: (typeof requests.$inferInsert)[]): Promise<RequestRow[]> {
  return db.insert(requests).values(rows).returning();
}

/**
 * (a) The candidate list of one request, end to end: the database prefilter (loadMatchInput's queries)
 * and the pure ranking, one request at a time as the dispatcher runs it.
 */
export async function benchmarkCandidates(
  db: Database,
  config: Config,
  random: Random,
  roster: Roster,
  reference: ReferenceData,
  options: { onlyPossiblyEligible?: boolean } = {},
): Promise<CandidatesResult> {
  const dispatcher = createDispatcher(
    { db, clock: systemClock, config, log: pino({ level: 'silent' }) },
    describeRequest,
  );
  const now = new Date();
  const warmUp = await insertRequests(
    db,
    Array.from({ length: WARM_UP_REQUESTS }, () => generateRequest(random, roster, reference, now)),
  );
  const measured = await insertRequests(
    db,
    Array.from({ length: MEASURED_REQUESTS }, () => generateRequest(random, roster, reference, now)),
  );

  const [first, ...rest] = warmUp;
  const firstStarted = performance.now();
  if (first) await dispatcher.rank(db, first, now, options);
  const firstRankingMs = performance.now() - firstStarted;
  for (const row of [...rest, ...warmUp]) await dispatcher.rank(db, row, now, options);

  const durations: number[] = [];
  const fastest = new Array<number>(measured.length).fill(Number.POSITIVE_INFINITY);
  const considered: number[] = [];
  const eligible: number[] = [];
  for (let pass = 0; pass < PASSES; pass += 1) {
    for (const [index, row] of measured.entries()) {
      const started = performance.now();
      const ranking = await dispatcher.rank(db, row, now, options);
      const duration = performance.now() - started;
      durations.push(duration);
      fastest[index] = Math.min(fastest[index] ?? duration, duration);
      if (pass === 0) {
        considered.push(ranking.eligible.length + ranking.excluded.length);
        eligible.push(ranking.eligible.length);
      }
    }
  }
  return {
    scope: options.onlyPossiblyEligible
      ? 'a wave (possibly eligible only)'
      : 'the coordinators’ list (every speaker, with reasons)',
    requests: measured.length,
    passes: PASSES,
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    maxMs: maximum(durations),
    bestOfPassesP50Ms: percentile(fastest, 50),
    bestOfPassesP99Ms: percentile(fastest, 99),
    meanConsidered: mean(considered),
    meanEligible: mean(eligible),
    firstRankingMs,
  };
}
