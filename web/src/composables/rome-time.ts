import { Temporal } from 'temporal-polyfill';

/**
 * Wall-clock time in Europe/Rome, where the service happens, whatever the device's own time zone.
 * The API exchanges instants as ISO 8601 with an offset; forms and filters deal in a local date and
 * time. This is the web app's one time module: it reads Rome's rules through Temporal (the polyfill the
 * API uses too, `api/src/domain/local-time.ts`), so both sides agree across the daylight-saving changes.
 */
export const SERVICE_TIME_ZONE = 'Europe/Rome';

export type Instant = string | number | Date;

export interface RomeWallTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM` */
  time: string;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

const inRome = (instant: Instant) =>
  Temporal.Instant.fromEpochMilliseconds(new Date(instant).getTime()).toZonedDateTimeISO(SERVICE_TIME_ZONE);

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30). */
export function isDateInput(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** A time of day written `HH:MM`, 00:00 to 23:59. */
export function isTimeInput(value: string): boolean {
  return TIME_PATTERN.test(value);
}

/** Minutes Europe/Rome is ahead of UTC at an instant: 60 in winter, 120 in summer. */
export function romeOffsetMinutes(instantMs: number): number {
  return inRome(instantMs).offsetNanoseconds / 60_000_000_000;
}

/**
 * The instant a Rome wall-clock date and time names, in milliseconds; null when the input is not a
 * valid date and time. Temporal's "compatible" disambiguation, as in the API: a time skipped by the
 * spring change (02:30 on the last Sunday of March) moves forward by the gap (03:30), and a time that
 * happens twice in autumn (02:30 on the last Sunday of October) is the first one, still in summer time.
 */
export function romeWallTimeToInstant(date: string, time: string): number | null {
  if (!isDateInput(date) || !isTimeInput(time)) return null;
  return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(SERVICE_TIME_ZONE, {
    disambiguation: 'compatible',
  }).epochMilliseconds;
}

/** An instant as ISO 8601 with Rome's offset at that instant: `2026-12-01T09:30:00+01:00`. */
export function instantToRomeIso(instant: Instant): string {
  const zoned = inRome(instant);
  return `${zoned.toPlainDateTime().toString({ smallestUnit: 'second' })}${zoned.offset}`;
}

/** `2026-12-01` + `09:30` → `2026-12-01T09:30:00+01:00`; null for an incomplete or impossible input. */
export function romeWallTimeToIso(date: string, time: string): string | null {
  const instant = romeWallTimeToInstant(date, time);
  return instant === null ? null : instantToRomeIso(instant);
}

/** The Rome date and time of an instant (ISO string, Date or ms): what a date and a time input show. */
export function toRomeWallTime(instant: Instant): RomeWallTime {
  const zoned = inRome(instant);
  return {
    date: zoned.toPlainDate().toString(),
    time: zoned.toPlainTime().toString({ smallestUnit: 'minute' }),
  };
}

/** The Rome calendar day of an instant, `YYYY-MM-DD`: the key to group an agenda or name a report day. */
export function romeDayKey(instant: Instant): string {
  return toRomeWallTime(instant).date;
}

/**
 * Midnight in Rome starting the day `YYYY-MM-DD` (or the one `daysAfter` it), as an ISO instant with
 * Rome's offset; undefined when `day` is not a date. A day is 23 or 25 hours long on the changes.
 */
export function startOfRomeDay(day: string, daysAfter = 0): string | undefined {
  if (!isDateInput(day)) return undefined;
  const midnight = Temporal.PlainDate.from(day).add({ days: daysAfter }).toZonedDateTime(SERVICE_TIME_ZONE);
  return instantToRomeIso(midnight.epochMilliseconds);
}

/** The first instant after the Rome day `YYYY-MM-DD` (the next midnight), for "until" filters. */
export function endOfRomeDay(day: string): string | undefined {
  return startOfRomeDay(day, 1);
}

/** Midnight in Rome starting the day `daysFromToday` after the current one. */
export function romeStartOfDay(nowMs: number, daysFromToday = 0): string {
  return startOfRomeDay(romeDayKey(nowMs), daysFromToday) ?? instantToRomeIso(nowMs);
}

/**
 * A `datetime-local` input value (`YYYY-MM-DDTHH:MM`, read as Rome time) as an ISO instant with Rome's
 * offset; null when incomplete. `allowDate` also reads a bare `YYYY-MM-DD` as that day's midnight.
 */
export function dateTimeLocalToIso(value: string, { allowDate = false } = {}): string | null {
  const text = value.trim();
  if (allowDate && DATE_PATTERN.test(text)) return startOfRomeDay(text) ?? null;
  const [date = '', time = ''] = text.split('T');
  return romeWallTimeToIso(date, time.slice(0, 5));
}

/** The value a `datetime-local` input shows for an instant: `YYYY-MM-DDTHH:MM`, Rome time. */
export function isoToDateTimeLocal(instant: Instant): string {
  const { date, time } = toRomeWallTime(instant);
  return `${date}T${time}`;
}
