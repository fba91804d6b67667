/**
 * Wall-clock time in Europe/Rome, where the service happens, whatever the device's own time zone.
 * The API exchanges instants as ISO 8601 with an offset; forms deal in a local date and time. These
 * helpers convert between the two with the Intl API (no date library: the sign-in bundle stays small),
 * correctly across the daylight-saving changes.
 */
export const SERVICE_TIME_ZONE = 'Europe/Rome';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface RomeWallTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM` */
  time: string;
}

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: SERVICE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(instantMs: number): WallParts {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    // Some engines print midnight as 24 even with h23.
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Minutes Europe/Rome is ahead of UTC at an instant: 60 in winter, 120 in summer. */
export function romeOffsetMinutes(instantMs: number): number {
  const wall = wallParts(instantMs);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((wallAsUtc - Math.floor(instantMs / 1000) * 1000) / MINUTE_MS);
}

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isDateInput(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isTimeInput(value: string): boolean {
  return TIME_PATTERN.test(value);
}

/**
 * The instant a Rome wall-clock date and time names, in milliseconds; null when the input is not a
 * valid date and time. Like Temporal's "compatible" disambiguation: a time skipped by the spring change
 * (02:30 on the last Sunday of March) moves forward by the gap (03:30), and a time that happens twice
 * in autumn (02:30 on the last Sunday of October) is the first one, still in summer time.
 */
export function romeWallTimeToInstant(date: string, time: string): number | null {
  if (!isDateInput(date) || !isTimeInput(time)) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets a day before and after: every time-zone change in Rome is further apart than that.
  const offsetBefore = romeOffsetMinutes(wallAsUtc - DAY_MS);
  const offsetAfter = romeOffsetMinutes(wallAsUtc + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset * MINUTE_MS)
    .filter((instant) => {
      const wall = wallParts(instant);
      return (
        wall.year === year && wall.month === month && wall.day === day && wall.hour === hour && wall.minute === minute
      );
    })
    .sort((a, b) => a - b);
  // No candidate: the time fell into the spring gap; read it with the offset before the change.
  return candidates[0] ?? wallAsUtc - offsetBefore * MINUTE_MS;
}

/** An instant as ISO 8601 with Rome's offset at that instant: `2026-12-01T09:30:00+01:00`. */
export function instantToRomeIso(instantMs: number): string {
  const wall = wallParts(instantMs);
  const offset = romeOffsetMinutes(instantMs);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${formatOffset(offset)}`;
}

/** `2026-12-01` + `09:30` → `2026-12-01T09:30:00+01:00`; null for an incomplete or impossible input. */
export function romeWallTimeToIso(date: string, time: string): string | null {
  const instant = romeWallTimeToInstant(date, time);
  return instant === null ? null : instantToRomeIso(instant);
}

/** The Rome date and time of an instant (ISO string, Date or ms): what a date and a time input show. */
export function toRomeWallTime(instant: string | number | Date): RomeWallTime {
  const wall = wallParts(new Date(instant).getTime());
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

/** The Rome calendar day of an instant, `YYYY-MM-DD`: the key to group an agenda by day. */
export function romeDayKey(instant: string | number | Date): string {
  return toRomeWallTime(instant).date;
}

/** Midnight in Rome starting the day `daysFromToday` after the current one, as an ISO string with offset. */
export function romeStartOfDay(nowMs: number, daysFromToday = 0): string {
  const today = romeDayKey(nowMs);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1, day + daysFromToday));
  const key = `${pad(target.getUTCFullYear(), 4)}-${pad(target.getUTCMonth() + 1)}-${pad(target.getUTCDate())}`;
  return instantToRomeIso(romeWallTimeToInstant(key, '00:00') ?? nowMs);
}

/** `datetime-local` input value (`YYYY-MM-DDTHH:MM`, read as Rome time) ↔ ISO with offset. */
export function dateTimeLocalToIso(value: string): string | null {
  const [date = '', time = ''] = value.split('T');
  return romeWallTimeToIso(date, time.slice(0, 5));
}

export function isoToDateTimeLocal(iso: string): string {
  const { date, time } = toRomeWallTime(iso);
  return `${date}T${time}`;
}
