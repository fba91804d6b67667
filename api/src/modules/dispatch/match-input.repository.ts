import { sql } from 'drizzle-orm';
import { qualificationForService, type Gender, type LanguageLevel, type Mode, type Qualification } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import { formatClockMinutes } from '../../domain/availability.js';
import { localWeekBounds, MINUTES_PER_DAY, toLocalWindow } from '../../domain/local-time.js';
import { type MatchMediator, type MatchRequest, type MediatorHistory } from '../../domain/matching.js';

const DAY_MS = 86_400_000;

interface MediatorRecord extends Record<string, unknown> {
  id: string;
  full_name: string;
  active: boolean;
  gender: Gender | null;
  home_district_id: string | null;
  modes: Mode[];
  qualifications: Qualification[];
  max_weekly_minutes: number;
  level: LanguageLevel;
  dialects: string[];
  district_ids: string[];
}

async function runInSequence(queries: (() => Promise<unknown>)[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const iso = (date: Date) => date.toISOString();

/**
 * Everything the pure matcher needs about the mediators who speak the request's language: their
 * profiles, availability, bookings around the request, week's load, fairness minutes and history with
 * this case and request. Mediators who do not speak the language are left out here (the matcher would
 * only exclude them for that), which keeps one query set per request whatever the roster size.
 */
export async function loadMatchInput(
  db: Executor,
  request: MatchRequest & { organizationId: string },
  now: Date,
  travelBufferMinutes: number,
  options: { onlyPossiblyEligible?: boolean } = {},
) {
  const endsAt = new Date(request.startsAt.getTime() + request.durationMinutes * 60_000);
  const week = localWeekBounds(request.startsAt);
  const margin = (travelBufferMinutes + 24 * 60) * 60_000;
  // Only slots of the request's local weekday, and of the next one for a window past midnight, can cover it.
  const window = toLocalWindow(request.startsAt, request.durationMinutes);
  const weekdays = window.endMinute > MINUTES_PER_DAY ? [window.weekday, (window.weekday % 7) + 1] : [window.weekday];
  // Dispatch needs only who can be offered the request: the hard rules a column decides are applied here.
  // The coordinators' candidate list and the gap report keep everyone, with the reasons they are excluded.
  const possiblyEligible = options.onlyPossiblyEligible
    ? sql` AND m.active AND ${request.mode} = ANY (m.modes) AND ${qualificationForService[request.serviceType]} = ANY (m.qualifications)
          AND (${request.mode} <> 'in_person' OR EXISTS (SELECT 1 FROM mediator_districts d WHERE d.mediator_id = m.id AND d.district_id = ${request.districtId}))`
    : sql``;

  const mediatorRows = await db.execute(sql`
    SELECT m.id, m.full_name, m.active, m.gender, m.home_district_id, m.modes, m.qualifications, m.max_weekly_minutes,
           ml.level, ml.dialects,
           ARRAY(SELECT md.district_id FROM mediator_districts md WHERE md.mediator_id = m.id) AS district_ids
    FROM mediator_languages ml JOIN mediators m ON m.id = ml.mediator_id
    WHERE ml.language_code = ${request.languageCode}${possiblyEligible}`);
  // The mediators just loaded, as one array parameter: each query below reads only their rows.
  const speakers = sql`SELECT unnest(${sql.param(rowsOf<MediatorRecord>(mediatorRows).map((row) => row.id))}::uuid[])`;

  // One after the other: inside a transaction they share one connection, which runs one query at a time.
  const queries = [
    () => db.execute(sql`
      SELECT mediator_id, weekday, start_minute, end_minute FROM mediator_weekly_slots
      WHERE mediator_id IN (${speakers}) AND weekday IN (${sql.join(weekdays.map((weekday) => sql`${weekday}`), sql`, `)})`),
    () => db.execute(sql`
      SELECT mediator_id, starts_at, ends_at FROM mediator_time_off
      WHERE mediator_id IN (${speakers}) AND starts_at < ${iso(endsAt)} AND ends_at > ${iso(request.startsAt)}`),
    () => db.execute(sql`
      SELECT mediator_id, request_id, starts_at, ends_at, mode FROM assignments
      WHERE status = 'active' AND mediator_id IN (${speakers}) AND request_id <> ${request.id}
        AND starts_at < ${iso(new Date(endsAt.getTime() + margin))} AND blocked_until > ${iso(new Date(request.startsAt.getTime() - margin))}`),
    () => db.execute(sql`
      SELECT mediator_id, SUM(EXTRACT(EPOCH FROM (ends_at - starts_at)) / 60)::int AS minutes FROM assignments
      WHERE status IN ('active', 'completed') AND mediator_id IN (${speakers}) AND request_id <> ${request.id}
        AND starts_at >= ${iso(week.start)} AND starts_at < ${iso(week.end)}
      GROUP BY mediator_id`),
    // A completed request carries its mediator, start and actual minutes, so no join to assignments is needed.
    () => db.execute(sql`
      SELECT assigned_mediator_id AS mediator_id, SUM(actual_minutes)::int AS minutes FROM requests
      WHERE status = 'completed' AND assigned_mediator_id IN (${speakers})
        AND starts_at >= ${iso(new Date(now.getTime() - 30 * DAY_MS))} AND starts_at < ${iso(now)}
      GROUP BY assigned_mediator_id`),
    () => request.caseRef
      ? db.execute(sql`
          SELECT DISTINCT a.mediator_id FROM assignments a JOIN requests r ON r.id = a.request_id
          WHERE r.organization_id = ${request.organizationId} AND r.case_ref = ${request.caseRef}
            AND a.status IN ('active', 'completed') AND a.request_id <> ${request.id}`)
      : Promise.resolve({ rows: [] }),
    () => db.execute(sql`
      SELECT mediator_id, CASE status WHEN 'declined' THEN 'declined' ELSE 'expired' END AS refusal FROM offers
      WHERE request_id = ${request.id} AND status IN ('declined', 'expired')
      UNION ALL
      SELECT mediator_id, 'withdrawn' FROM assignments WHERE request_id = ${request.id} AND status = 'withdrawn'`),
  ];
  const [slotRows, timeOffRows, bookingRows, loadRows, deliveredRows, caseRows, refusalRows] = await runInSequence(queries);

  const mediators: MatchMediator[] = rowsOf<MediatorRecord>(mediatorRows).map((row) => ({
    id: row.id,
    fullName: row.full_name,
    active: row.active,
    gender: row.gender,
    languages: [{ code: request.languageCode, level: row.level, dialects: row.dialects }],
    districtIds: row.district_ids,
    homeDistrictId: row.home_district_id,
    modes: row.modes,
    qualifications: row.qualifications,
    maxWeeklyMinutes: row.max_weekly_minutes,
    weekly: [],
    timeOff: [],
  }));
  const byId = new Map(mediators.map((mediator) => [mediator.id, mediator]));
  for (const slot of rowsOf<{ mediator_id: string; weekday: number; start_minute: number; end_minute: number }>(slotRows)) {
    byId.get(slot.mediator_id)?.weekly.push({ weekday: slot.weekday, start: formatClockMinutes(slot.start_minute), end: formatClockMinutes(slot.end_minute) });
  }
  for (const off of rowsOf<{ mediator_id: string; starts_at: string | Date; ends_at: string | Date }>(timeOffRows)) {
    byId.get(off.mediator_id)?.timeOff.push({ startsAt: new Date(off.starts_at), endsAt: new Date(off.ends_at) });
  }

  const history = new Map<string, MediatorHistory>();
  const historyOf = (mediatorId: string): MediatorHistory => {
    let entry = history.get(mediatorId);
    if (!entry) {
      entry = { assignments: [], bookedMinutesInWeek: 0, minutesDeliveredLast30Days: 0, servedCaseRefs: [], refusedThisRequest: null };
      history.set(mediatorId, entry);
    }
    return entry;
  };
  for (const booking of rowsOf<{ mediator_id: string; request_id: string; starts_at: string | Date; ends_at: string | Date; mode: Mode }>(bookingRows)) {
    historyOf(booking.mediator_id).assignments.push({ requestId: booking.request_id, startsAt: new Date(booking.starts_at), endsAt: new Date(booking.ends_at), mode: booking.mode });
  }
  for (const load of rowsOf<{ mediator_id: string; minutes: number }>(loadRows)) historyOf(load.mediator_id).bookedMinutesInWeek = Number(load.minutes);
  for (const delivered of rowsOf<{ mediator_id: string; minutes: number }>(deliveredRows)) historyOf(delivered.mediator_id).minutesDeliveredLast30Days = Number(delivered.minutes);
  for (const served of rowsOf<{ mediator_id: string }>(caseRows)) if (request.caseRef) historyOf(served.mediator_id).servedCaseRefs.push(request.caseRef);
  for (const refusal of rowsOf<{ mediator_id: string; refusal: 'declined' | 'expired' | 'withdrawn' }>(refusalRows)) {
    historyOf(refusal.mediator_id).refusedThisRequest = refusal.refusal;
  }
  return { mediators, history };
}
