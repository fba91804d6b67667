import { sql, type SQL } from 'drizzle-orm';
import type { Mode } from '@ponte/shared';
import { rowsOf, type Executor } from '../../db/client.js';
import { localWeekBounds } from '../../domain/local-time.js';
import { rosterNarrowing } from '../../domain/matching-rules.js';
import { profileMatches, type MatchMediator, type MatchRequest, type MediatorHistory } from '../../domain/matching.js';
import { ROSTER_VERSION, speakersOf, type LoadedRoster, type Roster } from './roster.js';

const DAY_MS = 86_400_000;

/** What the history query returns: one row, each column a JSON array of small tuples. */
interface HistoryRecord {
  bookings: [mediatorId: string, requestId: string, startsAt: string, endsAt: string, mode: Mode][] | null;
  week_load: [mediatorId: string, minutes: number][] | null;
  delivered: [mediatorId: string, minutes: number][] | null;
  served_case: string[] | null;
  refusals: [mediatorId: string, refusal: 'declined' | 'expired' | 'withdrawn'][] | null;
  series_holders: string[] | null;
  case_excluded: string[] | null;
  roster_version: string | number;
}

export interface MatchInput {
  mediators: readonly MatchMediator[];
  history: Map<string, MediatorHistory>;
}

type Options = { onlyPossiblyEligible?: boolean };

/** The request as the history query reads it: its organization (case history) and series (continuity) too. */
export type MatchRequestRow = MatchRequest & { organizationId: string; seriesId: string | null };

const iso = (date: Date) => date.toISOString();

/** Up to this many profile matches, looking each one up costs less than one pass over the period's completed requests. */
const LOOKUPS_BEFORE_A_PASS = 600;

/**
 * Minutes delivered in `[from, to)` by each mediator of `ranked`, as `[mediatorId, minutes]` pairs. A
 * completed request carries its mediator, start and actual minutes: an in-person wave's few hundred
 * matches are looked up one by one in requests_delivered_by_mediator_idx (0.5 ms for 176, EXPLAIN
 * ANALYZE); more of them (phone work in a common language: over a thousand) share one pass over the
 * period in requests_delivered_idx, ~8,000 rows in the benchmark's 30 days. PostgreSQL would choose the
 * pass for both. The two cost the same at 600–800 matches on the benchmark's data (BENCHMARKS.md).
 */
function minutesDelivered(lookUp: boolean, from: Date, to: Date): SQL {
  const inPeriod = sql`r.status = 'completed' AND r.starts_at >= ${iso(from)} AND r.starts_at < ${iso(to)}`;
  return lookUp
    ? sql`(SELECT json_agg(json_build_array(m.id, d.minutes)) FROM ranked m CROSS JOIN LATERAL (
        SELECT SUM(r.actual_minutes)::int AS minutes FROM requests r WHERE r.assigned_mediator_id = m.id AND ${inPeriod}) AS d
        WHERE d.minutes IS NOT NULL)`
    : sql`(SELECT json_agg(json_build_array(mediator_id, minutes)) FROM (
        SELECT r.assigned_mediator_id AS mediator_id, SUM(r.actual_minutes)::int AS minutes FROM ranked m JOIN requests r ON r.assigned_mediator_id = m.id
        WHERE ${inPeriod} GROUP BY r.assigned_mediator_id) AS delivered)`;
}

/**
 * Everything the pure matcher needs about the mediators who speak the request's language: their
 * profiles from the in-memory roster, then in one query their bookings around the request, the week's
 * load, the minutes delivered in the last 30 days and their history with this case and request.
 * Mediators who do not speak the language are left out (the matcher would only exclude them for that).
 * A wave (`onlyPossiblyEligible`) needs only mediators whose profile fits the request; the coordinators'
 * candidate list and the gap report keep every speaker, with all the reasons each is excluded. Minutes
 * delivered only rank the eligible, who all fit the profile: when the profile matches are few enough to
 * look up one by one, they are read for those alone (~200 of Arabic's 3,109 speakers, in person).
 *
 * The query also reads the roster version: when the roster used is older than the database's, it is
 * reloaded and the input read again with it (rare: the roster changes a few times a day).
 */
export async function loadMatchInput(
  db: Executor,
  roster: Roster,
  request: MatchRequestRow,
  now: Date,
  travelBufferMinutes: number,
  options: Options = {},
): Promise<MatchInput> {
  let used = await roster.lastLoaded(db);
  for (;;) {
    const { input, rosterVersion } = await readMatchInput(db, used, request, now, travelBufferMinutes, options);
    // Without speakers there was no query to read the version with: it costs a round trip of its own.
    const newer =
      rosterVersion === undefined
        ? await roster.current(db)
        : rosterVersion > used.version
          ? await roster.atLeast(db, rosterVersion)
          : used;
    if (newer.version <= used.version) return input;
    used = newer;
  }
}

async function readMatchInput(
  db: Executor,
  roster: LoadedRoster,
  request: MatchRequestRow,
  now: Date,
  travelBufferMinutes: number,
  options: Options,
): Promise<{ input: MatchInput; rosterVersion: number | undefined }> {
  // A wave can only go to mediators the language and district rules keep: the roster has them at hand.
  const narrowing = rosterNarrowing(request);
  const servingDistrictId = options.onlyPossiblyEligible ? (narrowing.districtId ?? undefined) : undefined;
  const speakers = speakersOf(roster, narrowing.languageCode, servingDistrictId);
  const profileFits = profileMatches(request, speakers);
  const mediators = options.onlyPossiblyEligible ? profileFits : speakers;
  const history = new Map<string, MediatorHistory>();
  if (mediators.length === 0) return { input: { mediators, history }, rosterVersion: undefined };

  const endsAt = new Date(request.startsAt.getTime() + request.durationMinutes * 60_000);
  const week = localWeekBounds(request.startsAt);
  const margin = (travelBufferMinutes + 24 * 60) * 60_000;
  // The profile matches go as a list of ids; every speaker of a language is cheaper to name by the language.
  const fitIds = sql`SELECT unnest(${sql.param(profileFits.map((mediator) => mediator.id))}::uuid[]) AS id`;
  const speakerIds = options.onlyPossiblyEligible
    ? fitIds
    : sql`SELECT mediator_id AS id FROM mediator_languages WHERE language_code = ${narrowing.languageCode}`;
  const lookUpDelivered = profileFits.length <= LOOKUPS_BEFORE_A_PASS;
  // Whose minutes delivered are read: the profile matches when they are looked up, else all of `speakers` in one pass.
  const deliveredIds = lookUpDelivered && !options.onlyPossiblyEligible ? fitIds : sql`SELECT id FROM speakers`;
  // Joins, not `IN (SELECT id FROM speakers)`: PostgreSQL then picks per list, by its size, between
  // looking each speaker up in the by-mediator indexes and one pass over the period's rows.
  const result = await db.execute(sql`
    WITH speakers AS MATERIALIZED (${speakerIds}),
      ranked AS MATERIALIZED (${deliveredIds})
    SELECT
      (SELECT json_agg(json_build_array(a.mediator_id, a.request_id, a.starts_at, a.ends_at, a.mode)) FROM speakers s JOIN assignments a ON a.mediator_id = s.id
        WHERE a.status = 'active' AND a.request_id <> ${request.id}
          AND a.blocked_until > ${iso(new Date(request.startsAt.getTime() - margin))} AND a.starts_at < ${iso(new Date(endsAt.getTime() + margin))}
          -- No booking lasts a day: this bound lets the start index find them.
          AND a.starts_at > ${iso(new Date(request.startsAt.getTime() - margin - DAY_MS))}) AS bookings,
      (SELECT json_agg(json_build_array(mediator_id, minutes)) FROM (
        SELECT a.mediator_id, SUM(EXTRACT(EPOCH FROM (a.ends_at - a.starts_at)) / 60)::int AS minutes FROM speakers s JOIN assignments a ON a.mediator_id = s.id
        WHERE a.status IN ('active', 'completed') AND a.request_id <> ${request.id}
          AND a.starts_at >= ${iso(week.start)} AND a.starts_at < ${iso(week.end)}
        GROUP BY a.mediator_id) AS week) AS week_load,
      ${minutesDelivered(lookUpDelivered, new Date(now.getTime() - 30 * DAY_MS), now)} AS delivered,
      (SELECT json_agg(served.mediator_id ORDER BY served.latest DESC, served.mediator_id) FROM (
        SELECT a.mediator_id, max(a.created_at) AS latest FROM assignments a JOIN requests r ON r.id = a.request_id
        WHERE r.organization_id = ${request.organizationId} AND r.case_ref = ${request.caseRef}
          AND a.status IN ('active', 'completed') AND a.request_id <> ${request.id}
        GROUP BY a.mediator_id) AS served) AS served_case,
      (SELECT json_agg(json_build_array(mediator_id, refusal)) FROM (
        SELECT mediator_id, CASE status WHEN 'declined' THEN 'declined' ELSE 'expired' END AS refusal FROM offers
        WHERE request_id = ${request.id} AND status IN ('declined', 'expired') AND series_id IS NULL
        UNION ALL
        SELECT mediator_id, 'withdrawn' FROM assignments WHERE request_id = ${request.id} AND status = 'withdrawn') AS refused) AS refusals,
      (SELECT json_agg(DISTINCT a.mediator_id) FROM requests r JOIN assignments a ON a.request_id = r.id
        WHERE r.series_id = ${request.seriesId} AND r.starts_at < ${iso(request.startsAt)}
          AND a.status IN ('active', 'completed')) AS series_holders,
      (SELECT json_agg(x.mediator_id) FROM case_exclusions x
        WHERE x.organization_id = ${request.organizationId} AND x.case_ref = ${request.caseRef}) AS case_excluded,
      ${ROSTER_VERSION} AS roster_version`);
  const [record] = rowsOf<HistoryRecord>(result);

  const historyOf = (mediatorId: string): MediatorHistory => {
    let entry = history.get(mediatorId);
    if (!entry) {
      entry = {
        assignments: [],
        bookedMinutesInWeek: 0,
        minutesDeliveredLast30Days: 0,
        servedCaseRefs: [],
        refusedThisRequest: null,
      };
      history.set(mediatorId, entry);
    }
    return entry;
  };
  for (const [mediatorId, requestId, startsAt, bookingEndsAt, mode] of record?.bookings ?? []) {
    historyOf(mediatorId).assignments.push({
      requestId,
      startsAt: new Date(startsAt),
      endsAt: new Date(bookingEndsAt),
      mode,
    });
  }
  for (const [mediatorId, minutes] of record?.week_load ?? []) historyOf(mediatorId).bookedMinutesInWeek = minutes;
  for (const [mediatorId, minutes] of record?.delivered ?? [])
    historyOf(mediatorId).minutesDeliveredLast30Days = minutes;
  if (request.caseRef) {
    // The most recently booked first: the family's mediator now.
    const [latest] = record?.served_case ?? [];
    if (latest) historyOf(latest).lastBookedForCase = true;
    for (const mediatorId of record?.served_case ?? []) historyOf(mediatorId).servedCaseRefs.push(request.caseRef);
  }
  for (const [mediatorId, refusal] of record?.refusals ?? []) historyOf(mediatorId).refusedThisRequest = refusal;
  for (const mediatorId of record?.series_holders ?? []) historyOf(mediatorId).holdsEarlierSessionOfSeries = true;
  for (const mediatorId of record?.case_excluded ?? []) historyOf(mediatorId).excludedFromCase = true;
  return { input: { mediators, history }, rosterVersion: Number(record?.roster_version ?? 0) };
}
