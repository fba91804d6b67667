import type { ReportGroupBy, SummaryRow } from '@ponte/shared';
import { organizationKinds, serviceTypes } from '@ponte/shared';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { intlLocaleFor, useFormatters } from '@/composables/use-formatters';
import { useReferenceStore } from '@/stores/reference';

const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes as decimal hours, for a chart's value axis only: 90 → 1.5. Text shows `duration`. */
export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * Numbers and names of the reports in the user's language: `1.234,5` in Italian, `1,234.5` in English.
 * Calendar keys (`2026-09`, `2026-09-01`) are read as calendar values, never shifted by a time zone.
 */
export function useReportFormat() {
  const { t, locale } = useI18n();
  const reference = useReferenceStore();
  /** Time delivered or offered, as the app shows every length of time: 75 → "1 h 15 min". */
  const { duration } = useFormatters();

  const formats = computed(() => {
    const intlLocale = intlLocaleFor(locale.value);
    return {
      integer: new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }),
      oneDecimal: new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      twoDecimals: new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      percent: new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: 1 }),
      month: new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', month: 'long', year: 'numeric' }),
      shortMonth: new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', month: 'short', year: 'numeric' }),
      day: new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
    };
  });

  const integer = (value: number) => formats.value.integer.format(value);
  /** Minutes with one decimal, or null when there is nothing to measure. */
  const minutes = (value: number | null) => (value === null ? null : formats.value.oneDecimal.format(value));
  const gini = (value: number) => formats.value.twoDecimals.format(value);
  const percent = (fraction: number) => formats.value.percent.format(fraction);

  function month(key: string, style: 'long' | 'short' = 'long'): string {
    const match = MONTH_KEY.exec(key);
    if (!match) return key;
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
    return (style === 'long' ? formats.value.month : formats.value.shortMonth).format(date);
  }

  function day(key: string): string {
    const match = DAY_KEY.exec(key);
    if (!match) return key;
    return formats.value.day.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
  }

  function languageName(code: string, fallback: string): string {
    // The API names languages in Italian; the reference list (when loaded) has the English names too.
    return reference.findLanguage(code) ? reference.languageName(code) : fallback;
  }

  /** A summary row's group in the user's language (the API's label is in Italian). */
  function groupLabel(groupBy: ReportGroupBy, row: Pick<SummaryRow, 'key' | 'label'>): string {
    switch (groupBy) {
      case 'month':
        return month(row.key);
      case 'language':
        return languageName(row.key, row.label);
      case 'organizationKind':
        return (organizationKinds as readonly string[]).includes(row.key)
          ? t(`coordinator.organizationKinds.${row.key as (typeof organizationKinds)[number]}`)
          : row.label;
      case 'serviceType':
        return (serviceTypes as readonly string[]).includes(row.key)
          ? t(`common.serviceType.${row.key as (typeof serviceTypes)[number]}`)
          : row.label;
      case 'district':
        return row.label;
    }
  }

  return { integer, duration, minutes, gini, percent, month, day, languageName, groupLabel };
}
