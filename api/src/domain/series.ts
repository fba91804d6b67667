import { Temporal } from 'temporal-polyfill';
import { SERIES_MAX_SESSIONS } from '@ponte/shared';
import { localDateTimeToInstant, localWeekBounds, PONTE_TIME_ZONE } from './local-time.js';
import {
  rankCandidates,
  type EligibleCandidate,
  type MatchMediator,
  type MatchRequest,
  type MediatorHistory,
} from './matching.js';

/** A weekly rule longer than this is a typo, not a course: refused before walking its days. */
const LONGEST_RULE_DAYS = 2 * 366;

export type SeriesRule = { first: string; until: string; weekdays: number[]; start: string } | { dates: string[] };

export interface SeriesSession {
  /** YYYY-MM-DD, Europe/Rome */
  date: string;
  startsAt: Date;
}

export interface SkippedSession extends SeriesSession {
  reason: 'holiday' | 'excluded';
  name: string | null;
}

export type SeriesExpansion =
  { ok: true; sessions: SeriesSession[]; skipped: SkippedSession[] } | { ok: false; field: string; message: string };

export interface ExpandOptions {
  durationMinutes: number;
  skipHolidays: boolean;
  excludeDates: readonly string[];
  /** The public holiday's name on a Europe/Rome date, or null (lib/holidays.ts). */
  holidayOn: (date: string) => string | null;
  now: Date;
}

const MILLISECONDS_PER_MINUTE = 60_000;
/** A start a moment ago is "now", as for a single request (the form's clock may lag behind). */
const PAST_TOLERANCE_MS = 60_000;

const localDateOf = (instant: Date) =>
  Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(PONTE_TIME_ZONE)
    .toPlainDate()
    .toString();

/**
 * The sessions a rule gives: a weekly rule's days from `first` to `until` on its weekdays, each at its
 * local start time (so 16:00 stays 16:00 across the DST changes), or the given dates; minus the public
 * holidays (unless `skipHolidays` is false) and `excludeDates`. Refuses, naming the field, a rule giving
 * no session or more than SERIES_MAX_SESSIONS, a start in the past, and sessions that overlap each other.
 */
export function expandSeries(rule: SeriesRule, options: ExpandOptions): SeriesExpansion {
  const candidates = 'dates' in rule ? datedCandidates(rule.dates) : weeklyCandidates(rule);
  if (!Array.isArray(candidates)) return candidates;

  const excluded = new Set(options.excludeDates);
  const sessions: SeriesSession[] = [];
  const skipped: SkippedSession[] = [];
  for (const candidate of candidates) {
    const holiday = options.skipHolidays ? options.holidayOn(candidate.session.date) : null;
    if (holiday !== null) skipped.push({ ...candidate.session, reason: 'holiday', name: holiday });
    else if (excluded.has(candidate.session.date))
      skipped.push({ ...candidate.session, reason: 'excluded', name: null });
    else if (candidate.session.startsAt.getTime() < options.now.getTime() - PAST_TOLERANCE_MS)
      return { ok: false, field: candidate.field, message: 'is in the past' };
    else sessions.push(candidate.session);
  }

  if (sessions.length === 0)
    return { ok: false, field: 'sessions', message: 'gives no session (every date is a holiday or excluded)' };
  if (sessions.length > SERIES_MAX_SESSIONS)
    return {
      ok: false,
      field: 'sessions',
      message: `gives ${sessions.length} sessions; a series has at most ${SERIES_MAX_SESSIONS}`,
    };
  const durationMs = options.durationMinutes * MILLISECONDS_PER_MINUTE;
  for (let index = 1; index < sessions.length; index += 1) {
    const previous = sessions[index - 1];
    const session = sessions[index];
    if (previous && session && session.startsAt.getTime() < previous.startsAt.getTime() + durationMs)
      return { ok: false, field: 'sessions', message: `the sessions of ${previous.date} overlap` };
  }
  return { ok: true, sessions, skipped };
}

type Candidate = { session: SeriesSession; field: string };

function weeklyCandidates(rule: { first: string; until: string; weekdays: number[]; start: string }) {
  const first = Temporal.PlainDate.from(rule.first);
  const until = Temporal.PlainDate.from(rule.until);
  if (Temporal.PlainDate.compare(until, first) < 0)
    return { ok: false as const, field: 'sessions.until', message: 'is before sessions.first' };
  if (first.until(until).days > LONGEST_RULE_DAYS)
    return { ok: false as const, field: 'sessions.until', message: 'is more than two years after sessions.first' };
  const weekdays = new Set(rule.weekdays);
  const candidates: Candidate[] = [];
  for (let day = first; Temporal.PlainDate.compare(day, until) <= 0; day = day.add({ days: 1 })) {
    if (!weekdays.has(day.dayOfWeek)) continue;
    const date = day.toString();
    candidates.push({ session: { date, startsAt: localDateTimeToInstant(date, rule.start) }, field: 'sessions.first' });
  }
  if (candidates.length === 0)
    return { ok: false as const, field: 'sessions.weekdays', message: 'fall on no day between first and until' };
  return candidates;
}

function datedCandidates(dates: string[]) {
  const candidates: Candidate[] = dates.map((value, index) => {
    const startsAt = new Date(value);
    return { session: { date: localDateOf(startsAt), startsAt }, field: `sessions.dates.${index}` };
  });
  const seen = new Set<number>();
  for (const candidate of candidates) {
    const time = candidate.session.startsAt.getTime();
    if (seen.has(time)) return { ok: false as const, field: candidate.field, message: 'is given twice' };
    seen.add(time);
  }
  return candidates.sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime());
}

/** The weekdays (1 = Monday … 7 = Sunday, Europe/Rome) the sessions fall on, in order. */
export function weekdaysOf(startTimes: readonly Date[]): number[] {
  const days = new Set(
    startTimes.map(
      (startsAt) =>
        Temporal.Instant.fromEpochMilliseconds(startsAt.getTime()).toZonedDateTimeISO(PONTE_TIME_ZONE).dayOfWeek,
    ),
  );
  return [...days].sort((a, b) => a - b);
}

export interface SeriesCandidatesInput {
  /** The sessions still to book, soonest first. */
  sessions: readonly MatchRequest[];
  mediators: readonly MatchMediator[];
  /** Each session's history, by session id then mediator id. */
  history: ReadonlyMap<string, ReadonlyMap<string, MediatorHistory>>;
  travelBufferMinutes: number;
}

const EMPTY_HISTORY: MediatorHistory = Object.freeze({
  assignments: [],
  bookedMinutesInWeek: 0,
  minutesDeliveredLast30Days: 0,
  servedCaseRefs: [],
  refusedThisRequest: null,
});

/**
 * Who may be offered the whole series: the mediators every session's hard rules keep (availability,
 * time off, bookings with the travel buffer, …), where each week's cap must also hold the series' other
 * sessions of that week, none of which is booked yet. Ranked as the first session ranks them.
 */
export function rankSeriesCandidates(input: SeriesCandidatesInput): EligibleCandidate[] {
  const minutesByWeek = new Map<number, number>();
  const weekOf = (session: MatchRequest) => localWeekBounds(session.startsAt).start.getTime();
  for (const session of input.sessions) {
    const week = weekOf(session);
    minutesByWeek.set(week, (minutesByWeek.get(week) ?? 0) + session.durationMinutes);
  }

  let stillEligible: Set<string> | null = null;
  let firstRanking: EligibleCandidate[] = [];
  for (const session of input.sessions) {
    const othersThisWeek = (minutesByWeek.get(weekOf(session)) ?? 0) - session.durationMinutes;
    const sessionHistory = input.history.get(session.id);
    const mediators: MatchMediator[] =
      stillEligible === null ? [...input.mediators] : input.mediators.filter((m) => stillEligible?.has(m.id));
    const history = new Map<string, MediatorHistory>();
    for (const mediator of mediators) {
      const own = sessionHistory?.get(mediator.id) ?? EMPTY_HISTORY;
      history.set(mediator.id, { ...own, bookedMinutesInWeek: own.bookedMinutesInWeek + othersThisWeek });
    }
    const ranking = rankCandidates({
      request: session,
      mediators,
      history,
      travelBufferMinutes: input.travelBufferMinutes,
    });
    if (stillEligible === null) firstRanking = ranking.eligible;
    stillEligible = new Set(ranking.eligible.map((candidate) => candidate.mediatorId));
    if (stillEligible.size === 0) return [];
  }
  return firstRanking.filter((candidate) => stillEligible?.has(candidate.mediatorId));
}
