import { MINUTES_PER_DAY, type LocalWindow } from './local-time.js';

/** A recurring weekly stretch of Europe/Rome wall-clock time; `end` may be "24:00". */
export interface WeeklySlot {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** HH:MM */
  start: string;
  /** HH:MM, "24:00" allowed */
  end: string;
}

/** A weekly slot in minutes since local midnight, as the database keeps it: what matching compares. */
export interface WeeklySlotMinutes {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  startMinute: number;
  /** Up to 1440 (24:00) */
  endMinute: number;
}

export interface TimeOff {
  startsAt: Date;
  endsAt: Date;
}

const DAYS_PER_WEEK = 7;
const DIGIT_ZERO = 48;
const COLON = 58;

/** Minutes since midnight of "HH:MM" (00:00 to 24:00), or NaN when the text is not such a time. */
export function parseClockMinutes(text: string): number {
  if (text.length !== 5 || text.charCodeAt(2) !== COLON) return Number.NaN;
  const hours = twoDigits(text, 0);
  const minutes = twoDigits(text, 3);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) return Number.NaN;
  return hours * 60 + minutes;
}

/** "HH:MM" of minutes since midnight; 1440 gives "24:00". */
export function formatClockMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function isValidWeekday(weekday: number): boolean {
  return Number.isInteger(weekday) && weekday >= 1 && weekday <= DAYS_PER_WEEK;
}

/** The slots in minutes; malformed ones (bad weekday or time, end not after start) are left out: they cover nothing. */
export function toSlotMinutes(slots: readonly WeeklySlot[]): WeeklySlotMinutes[] {
  const converted: WeeklySlotMinutes[] = [];
  for (const slot of slots) {
    const startMinute = parseClockMinutes(slot.start);
    const endMinute = parseClockMinutes(slot.end);
    if (isValidWeekday(slot.weekday) && startMinute < endMinute)
      converted.push({ weekday: slot.weekday, startMinute, endMinute });
  }
  return converted;
}

/**
 * True when the whole local window of the request lies in the mediator's weekly availability. Slots
 * that touch or overlap are read as one stretch, and a window crossing midnight continues into the
 * next weekday's slots (Sunday is followed by Monday). Takes the window already in local time and the
 * slots already in minutes, so matching converts the request once, and the roster its slots once,
 * instead of once per mediator.
 */
export function isLocalWindowCovered(slots: readonly WeeklySlotMinutes[], window: LocalWindow): boolean {
  let coveredUntil = window.startMinute;
  let extended = true;
  // Each pass extends the covered stretch by any slot that starts inside it; slots are few, so
  // repeated passes beat sorting and merging into new arrays.
  while (coveredUntil < window.endMinute && extended) {
    extended = false;
    for (const slot of slots) {
      const dayOffset = ((slot.weekday - window.weekday + DAYS_PER_WEEK) % DAYS_PER_WEEK) * MINUTES_PER_DAY;
      if (dayOffset > coveredUntil) continue;
      const slotStart = dayOffset + slot.startMinute;
      const slotEnd = dayOffset + slot.endMinute;
      if (slotStart <= coveredUntil && slotEnd > coveredUntil) {
        coveredUntil = slotEnd;
        if (coveredUntil >= window.endMinute) return true;
        extended = true;
      }
    }
  }
  return coveredUntil >= window.endMinute;
}

/** True when `[startMs, endMs)` shares any instant with a period of time off (also half-open). */
export function overlapsTimeOffMs(timeOff: readonly TimeOff[], startMs: number, endMs: number): boolean {
  for (const period of timeOff) {
    if (period.startsAt.getTime() < endMs && startMs < period.endsAt.getTime()) return true;
  }
  return false;
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - DIGIT_ZERO;
  const units = text.charCodeAt(at + 1) - DIGIT_ZERO;
  if (!(tens >= 0 && tens <= 9 && units >= 0 && units <= 9)) return Number.NaN;
  return tens * 10 + units;
}
