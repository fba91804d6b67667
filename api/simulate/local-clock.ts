import { Temporal } from 'temporal-polyfill';
import { PONTE_TIME_ZONE } from '../src/domain/local-time.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The Europe/Rome wall clock of an instant: its date, weekday (1 = Monday) and minute of the day. */
export function wallClock(instant: Date): { date: string; weekday: number; minute: number; month: number } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(PONTE_TIME_ZONE);
  return {
    date: zoned.toPlainDate().toString(),
    weekday: zoned.dayOfWeek,
    minute: zoned.hour * 60 + zoned.minute,
    month: zoned.month,
  };
}

/** The instant of minute `minute` of the local day `date` (YYYY-MM-DD, Europe/Rome). */
export function atLocal(date: string, minute: number): Date {
  const zoned = Temporal.PlainDate.from(date)
    .toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 })
    .toZonedDateTime(PONTE_TIME_ZONE, { disambiguation: 'compatible' });
  return new Date(zoned.epochMilliseconds);
}

export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

export function weekdayOf(date: string): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
}
