import type { Availability, AvailabilityInput } from '@ponte/shared';
import type { z } from 'zod';
import { dateTimeLocalToIso, isoToDateTimeLocal } from './rome-time';

/**
 * Availability as the editors' inputs show it, and back to the API's shape: weekly slots in Rome
 * wall-clock time (Monday = 1), where an end of "24:00" (midnight at the end of the day) reads "00:00"
 * in a time input; time off as `datetime-local` values in Rome time.
 */
export interface SlotValues {
  weekday: number;
  start: string;
  /** As the time input shows it: "00:00" at the end of a slot means midnight ("24:00" for the API). */
  end: string;
}
export interface TimeOffValues {
  startsAt: string;
  endsAt: string;
  reason: string;
}

type AvailabilityBody = z.input<typeof AvailabilityInput>;

/** The end as the API counts it: "00:00" at the end of a slot is midnight, "24:00". */
export const slotEndForApi = (end: string) => (end === '00:00' ? '24:00' : end);

/** The week in order: by weekday, then start. */
export function slotsFromApi(weekly: Availability['weekly']): SlotValues[] {
  return [...weekly]
    .sort((first, second) => first.weekday - second.weekday || first.start.localeCompare(second.start))
    .map((slot) => ({ weekday: slot.weekday, start: slot.start, end: slot.end === '24:00' ? '00:00' : slot.end }));
}

/** Time off by start. */
export function timeOffFromApi(timeOff: Availability['timeOff']): TimeOffValues[] {
  return [...timeOff]
    .sort((first, second) => Date.parse(first.startsAt) - Date.parse(second.startsAt))
    .map((period) => ({
      startsAt: isoToDateTimeLocal(period.startsAt),
      endsAt: isoToDateTimeLocal(period.endsAt),
      reason: period.reason ?? '',
    }));
}

/** The body of the PUT, rows in the order given (errors come back by index). */
export function availabilityBody(slots: readonly SlotValues[], timeOff: readonly TimeOffValues[]): AvailabilityBody {
  return {
    weekly: slots.map((slot) => ({ weekday: slot.weekday, start: slot.start, end: slotEndForApi(slot.end) })),
    // An unreadable date goes through as typed: the schema then says which one.
    timeOff: timeOff.map((period) => ({
      startsAt: dateTimeLocalToIso(period.startsAt, { allowDate: true }) ?? period.startsAt,
      endsAt: dateTimeLocalToIso(period.endsAt, { allowDate: true }) ?? period.endsAt,
      ...(period.reason.trim() ? { reason: period.reason.trim() } : {}),
    })),
  };
}
