/**
 * Europe/Rome wall-clock helpers. The API exchanges instants with an offset, while coordinators think
 * and type in Italian local time whatever the browser's own zone: a `datetime-local` value here is
 * always Rome time, and a day filter is a Rome day.
 */
export const ROME_TIME_ZONE = 'Europe/Rome';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function romeWallClock(date: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** Minutes Rome is ahead of UTC at that instant: 60 in winter, 120 in summer. */
export function romeOffsetMinutes(date: Date): number {
  const wall = romeWallClock(date);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** `YYYY-MM-DD` of the Rome day the instant falls on. */
export function romeDate(date: Date): string {
  const wall = romeWallClock(date);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** The value a `datetime-local` input shows for an instant: `YYYY-MM-DDTHH:MM`, Rome time. */
export function toRomeLocalInput(instant: string | Date): string {
  const wall = romeWallClock(typeof instant === 'string' ? new Date(instant) : instant);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A Rome wall-clock time (`YYYY-MM-DDTHH:MM`, or a bare date for midnight) as an ISO instant with
 * Rome's offset, e.g. `2026-12-01T09:30:00+01:00`; undefined when the text is not such a value.
 */
export function fromRomeLocal(local: string): string | undefined {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc)) return undefined;
  // The offset depends on the instant, which depends on the offset: two rounds settle it, DST included.
  let offset = romeOffsetMinutes(new Date(asUtc));
  const second = romeOffsetMinutes(new Date(asUtc - offset * 60_000));
  if (second !== offset) offset = second;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${formatOffset(offset)}`;
}

/** Midnight at the start of the Rome day `YYYY-MM-DD`, as an ISO instant. */
export function startOfRomeDay(day: string): string | undefined {
  return fromRomeLocal(day);
}

/** The first instant after the Rome day `YYYY-MM-DD` (the next midnight), as an ISO instant. */
export function endOfRomeDay(day: string): string | undefined {
  const match = LOCAL_PATTERN.exec(day);
  if (!match) return undefined;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return fromRomeLocal(next.toISOString().slice(0, 10));
}
