import type { Locale } from '@ponte/shared';
import { PONTE_TIME_ZONE } from '../../domain/local-time.js';

// The words of codes (service types, modes…) and durations come from the shared catalogue (`labels` in
// @ponte/shared), as in the web app; what is here is only how e-mails and the calendar write names and dates.

export const languageLabel = (
  language: { nameIt: string; nameEn: string },
  locale: Locale,
  dialect?: string | null,
) => {
  const name = locale === 'it' ? language.nameIt : language.nameEn;
  return dialect ? `${name} (${dialect})` : name;
};

const intlLocale = (locale: Locale) => (locale === 'it' ? 'it-IT' : 'en-GB');

function parts(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions) {
  const found = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: PONTE_TIME_ZONE, ...options }).formatToParts(
    date,
  );
  return (type: Intl.DateTimeFormatPartTypes) => found.find((part) => part.type === type)?.value ?? '';
}

/** "mar 9 mar 10:00" / "Tue 9 Mar 10:00" on the Europe/Rome wall clock: short enough for a subject line. */
export function formatShortDateTime(date: Date, locale: Locale): string {
  const part = parts(date, locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
}

/** "10:00" on the Europe/Rome wall clock. */
export function formatTime(date: Date, locale: Locale): string {
  const part = parts(date, locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${part('hour')}:${part('minute')}`;
}

/** "martedì 9 marzo 2027, 10:00–11:00 (ora italiana)" / "Tuesday 9 March 2027, 10:00–11:00 (Italian time)". */
export function formatTimeSpan(startsAt: Date, durationMinutes: number, locale: Locale): string {
  const part = parts(startsAt, locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const zone = locale === 'it' ? 'ora italiana' : 'Italian time';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${formatTime(startsAt, locale)}–${formatTime(endsAt, locale)} (${zone})`;
}
