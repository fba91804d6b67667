import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { intlLocaleFor } from '@/composables/useFormatters';
import { ROME_TIME_ZONE } from './rome-time';

/** Dates and times shown in Rome time, in the words of the user's language. */
export function useRomeFormat() {
  const { locale, t } = useI18n();
  // English is British English here (day before month, 24-hour clock), as in the other areas.
  const formats = computed(() => {
    const intlLocale = intlLocaleFor(locale.value);
    return {
      dateTime: new Intl.DateTimeFormat(intlLocale, {
        timeZone: ROME_TIME_ZONE,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      date: new Intl.DateTimeFormat(intlLocale, {
        timeZone: ROME_TIME_ZONE,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      }),
      time: new Intl.DateTimeFormat(intlLocale, {
        timeZone: ROME_TIME_ZONE,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
    };
  });

  const formatDateTime = (iso: string) => formats.value.dateTime.format(new Date(iso));
  const formatDate = (iso: string) => formats.value.date.format(new Date(iso));
  const formatTime = (iso: string) => formats.value.time.format(new Date(iso));

  /** "gio 3 dic 2026, 09:30–11:00": the start and, on the same day, the end time. */
  function formatSpan(startsAt: string, durationMinutes: number): string {
    const end = new Date(Date.parse(startsAt) + durationMinutes * 60_000).toISOString();
    return `${formatDateTime(startsAt)}–${formatTime(end)}`;
  }

  /** 90 → "1 h 30 min". */
  function formatMinutes(minutes: number): string {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (hours === 0) return t('common.duration.minutes', { minutes: rest });
    if (rest === 0) return t('common.duration.hours', { hours });
    return t('common.duration.hoursMinutes', { hours, minutes: rest });
  }

  return { formatDateTime, formatDate, formatTime, formatSpan, formatMinutes };
}
