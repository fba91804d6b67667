import { formatDuration, Locale } from '@ponte/shared';
import { useI18n } from 'vue-i18n';
import { type Instant, SERVICE_TIME_ZONE } from './rome-time';

/**
 * The Intl locale for each UI language. English uses British conventions (day before month, 24-hour
 * clock): Ponte's English readers work in Italy, where a US-style "12/1/2026, 9:30 AM" would mislead.
 */
const INTL_LOCALES: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };
const DEFAULT_UI_LOCALE: Locale = 'it';

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatterCache.set(key, formatter);
  }
  return formatter;
}

export function intlLocaleFor(locale: string): string {
  return INTL_LOCALES[locale as Locale] ?? locale;
}

/**
 * Dates and times as people in the service read them: always in Europe/Rome (a mediator's phone set to
 * another zone must still show the school's time), in the user's language.
 */
export function useFormatters() {
  const { t, locale } = useI18n();

  function format(value: Instant, options: Intl.DateTimeFormatOptions): string {
    return dateTimeFormat(intlLocaleFor(locale.value), { timeZone: SERVICE_TIME_ZONE, ...options }).format(
      new Date(value),
    );
  }

  const sameYearAsNow = (value: Instant) =>
    format(value, { year: 'numeric' }) === format(Date.now(), { year: 'numeric' });

  /** "martedì 1 dicembre" (the year only when it is not this one). */
  const day = (value: Instant) =>
    format(value, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      ...(sameYearAsNow(value) ? {} : { year: 'numeric' }),
    });
  /** "mar 1 dic" */
  const shortDay = (value: Instant) => format(value, { weekday: 'short', day: 'numeric', month: 'short' });
  /** "1 dicembre 2026" */
  const date = (value: Instant) => format(value, { day: 'numeric', month: 'long', year: 'numeric' });
  /** "09:30" */
  const time = (value: Instant) => format(value, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  /** "martedì 1 dicembre, ore 09:30" */
  const dateTime = (value: Instant) => t('common.dateTime.dateAtTime', { date: day(value), time: time(value) });
  /** "1 dic 2026, 09:30": compact, for timelines. */
  const stamp = (value: Instant) =>
    format(value, {
      day: 'numeric',
      month: 'short',
      ...(sameYearAsNow(value) ? {} : { year: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });

  /** "gio 3 dic 2026": the coordinator's tables, with the weekday and the year. */
  const weekdayDate = (value: Instant) =>
    format(value, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  /** "gio 3 dic 2026, 09:30" */
  const weekdayDateTime = (value: Instant) =>
    format(value, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  /** "gio 3 dic 2026, 09:30–11:00": the start and, on the same day, the end time. */
  function span(start: Instant, durationMinutes: number): string {
    return `${weekdayDateTime(start)}–${time(new Date(start).getTime() + durationMinutes * 60_000)}`;
  }

  /** "09:30–10:30" for a start and a duration in minutes. */
  function timeRange(start: Instant, durationMinutes: number): string {
    const end = new Date(new Date(start).getTime() + durationMinutes * 60_000);
    return t('common.dateTime.range', { start: time(start), end: time(end) });
  }

  /** "1 h 30 min": the one way Ponte shows a length of time, as the reports and the e-mails do. */
  const duration = (totalMinutes: number) =>
    formatDuration(totalMinutes, Locale.safeParse(locale.value).data ?? DEFAULT_UI_LOCALE);

  /** A calendar date without a time (`YYYY-MM-DD`, e.g. an arrival date): no time zone shift. */
  function calendarDate(value: string): string {
    const [year, month, dayOfMonth] = value.split('-').map(Number);
    if (!year || !month || !dayOfMonth) return value;
    return dateTimeFormat(intlLocaleFor(locale.value), {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(Date.UTC(year, month - 1, dayOfMonth)));
  }

  /** The name of an ISO weekday (1 = Monday … 7 = Sunday): "martedì", or "mar" when short. */
  function weekdayName(isoWeekday: number, width: 'long' | 'short' = 'long'): string {
    // 5 January 2026 was a Monday.
    return dateTimeFormat(intlLocaleFor(locale.value), { timeZone: 'UTC', weekday: width }).format(
      new Date(Date.UTC(2026, 0, 4 + isoWeekday)),
    );
  }

  /** A countdown as a clock: "8:05", or "1:08:05" from an hour up. */
  function clock(remainingMs: number): string {
    const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
    return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
  }

  return {
    day,
    shortDay,
    date,
    time,
    dateTime,
    stamp,
    weekdayDate,
    weekdayDateTime,
    span,
    timeRange,
    duration,
    calendarDate,
    weekdayName,
    intlLocale: () => intlLocaleFor(locale.value),
    clock,
  };
}
