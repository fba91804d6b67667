import {
  dateTimeLocalToIso,
  isoToDateTimeLocal,
  romeDayKey,
  romeWallTimeToIso,
  SERVICE_TIME_ZONE,
} from '@/composables/rome-time';

/**
 * The coordinator screens' names for the app's one Europe/Rome wall-clock helper
 * (`@/composables/rome-time`): day bounds for list filters and `datetime-local` inputs.
 */
export const ROME_TIME_ZONE = SERVICE_TIME_ZONE;

/** `YYYY-MM-DD` of the Rome day the instant falls on. */
export const romeDate = (date: Date): string => romeDayKey(date);

/** The value a `datetime-local` input shows for an instant: `YYYY-MM-DDTHH:MM`, Rome time. */
export const toRomeLocalInput = (instant: string | Date): string =>
  isoToDateTimeLocal(typeof instant === 'string' ? instant : instant.toISOString());

/** A Rome wall-clock `YYYY-MM-DDTHH:MM` (or a bare date: midnight) as an ISO instant with Rome's offset. */
export function fromRomeLocal(local: string): string | undefined {
  const value = local.trim();
  return (value.includes('T') ? dateTimeLocalToIso(value) : romeWallTimeToIso(value, '00:00')) ?? undefined;
}

/** Midnight at the start of the Rome day `YYYY-MM-DD`, as an ISO instant. */
export const startOfRomeDay = (day: string): string | undefined => romeWallTimeToIso(day, '00:00') ?? undefined;

/** The first instant after the Rome day `YYYY-MM-DD` (the next midnight), as an ISO instant. */
export function endOfRomeDay(day: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return startOfRomeDay(next.toISOString().slice(0, 10));
}
