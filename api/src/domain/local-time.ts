import { Temporal } from 'temporal-polyfill';

/** Weekly availability, "today" and report weeks are all read on this wall clock. */
export const PONTE_TIME_ZONE = 'Europe/Rome';

export const MINUTES_PER_DAY = 1440;

/**
 * A span of time as the Europe/Rome wall clock shows it, measured from local midnight of the day the
 * span starts. `endMinute` passes 1440 when the span crosses midnight.
 */
export interface LocalWindow {
  /** YYYY-MM-DD, local */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const MILLISECONDS_PER_MINUTE = 60_000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^\d{2}:\d{2}$/;

/**
 * Wall-clock span of `[startsAt, startsAt + duration)`.
 *
 * The span is cut at every UTC-offset change inside it and each piece read with its own offset, so a
 * request on a DST day covers the wall-clock minutes a mediator would actually see: on the October
 * switch the repeated hour 02:00–03:00 folds back, and the span reported is the smallest one holding
 * every piece (never shorter than what is really covered). On the March switch the span includes the
 * skipped hour, which no availability can be missing in practice.
 */
export function toLocalWindow(startsAt: Date, durationMinutes: number): LocalWindow {
  const startMs = startsAt.getTime();
  const endMs = startMs + durationMinutes * MILLISECONDS_PER_MINUTE;
  const zonedStart = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(PONTE_TIME_ZONE);
  const localMidnightAsUtcMs = Date.UTC(zonedStart.year, zonedStart.month - 1, zonedStart.day);
  const wallMinute = (instantMs: number, offsetMs: number): number =>
    (instantMs + offsetMs - localMidnightAsUtcMs) / MILLISECONDS_PER_MINUTE;

  let pieceStartMs = startMs;
  let pieceZoned = zonedStart;
  let startMinute = Number.POSITIVE_INFINITY;
  let endMinute = Number.NEGATIVE_INFINITY;
  for (;;) {
    const offsetMs = pieceZoned.offsetNanoseconds / 1_000_000;
    const transition = endMs > pieceStartMs ? pieceZoned.getTimeZoneTransition('next') : null;
    const pieceEndsAtTransition = transition !== null && transition.epochMilliseconds < endMs;
    const pieceEndMs = pieceEndsAtTransition ? transition.epochMilliseconds : endMs;
    startMinute = Math.min(startMinute, wallMinute(pieceStartMs, offsetMs));
    endMinute = Math.max(endMinute, wallMinute(pieceEndMs, offsetMs));
    if (!pieceEndsAtTransition) break;
    pieceStartMs = pieceEndMs;
    pieceZoned = transition;
  }

  return {
    date: zonedStart.toPlainDate().toString(),
    weekday: zonedStart.dayOfWeek,
    startMinute,
    endMinute,
  };
}

/** Monday 00:00 to the next Monday 00:00, Europe/Rome, around `instant` (167 or 169 hours in DST weeks). */
export function localWeekBounds(instant: Date): { start: Date; end: Date } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(PONTE_TIME_ZONE);
  const monday = zoned.toPlainDate().subtract({ days: zoned.dayOfWeek - 1 });
  return {
    start: startOfLocalDay(monday),
    end: startOfLocalDay(monday.add({ days: 7 })),
  };
}

/**
 * The instant of a Europe/Rome wall-clock date and time. A time skipped by the March switch moves
 * forward by the gap (02:30 → 03:30 CEST) and a time repeated in October takes its first, summer-time
 * occurrence — what calendar applications do. Throws RangeError on a malformed date or time.
 */
export function localDateTimeToInstant(date: string, time: string): Date {
  if (!LOCAL_DATE.test(date) || !LOCAL_TIME.test(time)) {
    throw new RangeError(`Expected YYYY-MM-DD and HH:MM, got "${date}" "${time}"`);
  }
  const zoned = Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(PONTE_TIME_ZONE, {
    disambiguation: 'compatible',
  });
  return new Date(zoned.epochMilliseconds);
}

function startOfLocalDay(date: Temporal.PlainDate): Date {
  return new Date(date.toZonedDateTime(PONTE_TIME_ZONE).epochMilliseconds);
}
