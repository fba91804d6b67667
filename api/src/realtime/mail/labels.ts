import type { Locale, Mode, ServiceType } from '@ponte/shared';
import { PONTE_TIME_ZONE } from '../../domain/local-time.js';

/** Words for the codes people read outside the app: in emails and in the calendar feed. */
const serviceTypeWords: Record<Locale, Record<ServiceType, string>> = {
  it: {
    school_welcome: 'Accoglienza a scuola (primo incontro con la famiglia)',
    school_meeting: 'Colloquio scuola-famiglia',
    language_facilitation: 'Facilitazione linguistica in classe',
    social_interview: 'Colloquio ai servizi sociali',
    home_visit: 'Visita domiciliare',
    parenting_assessment: 'Valutazione delle capacità genitoriali',
  },
  en: {
    school_welcome: 'School welcome (first meeting with the family)',
    school_meeting: 'Parent–teacher meeting',
    language_facilitation: 'Language support in class',
    social_interview: 'Social services interview',
    home_visit: 'Home visit',
    parenting_assessment: 'Parenting capacity assessment',
  },
};

const modeWords: Record<Locale, Record<Mode, string>> = {
  it: { in_person: 'In presenza', phone: 'Telefono', video: 'Video' },
  en: { in_person: 'In person', phone: 'Phone', video: 'Video' },
};

export const serviceTypeLabel = (serviceType: ServiceType, locale: Locale) => serviceTypeWords[locale][serviceType];
export const modeLabel = (mode: Mode, locale: Locale) => modeWords[locale][mode];

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

/** "1 h 30 min", "45 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
