import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { intlLocaleFor } from '@/composables/use-formatters';

/** Budgets speak in hours: minutes as hours with at most one decimal, in the reader's format (12,5). */
export function useHours() {
  const { locale } = useI18n();
  const number = computed(() => new Intl.NumberFormat(intlLocaleFor(locale.value), { maximumFractionDigits: 1 }));
  return (minutes: number) => number.value.format(Math.round((minutes / 60) * 10) / 10);
}
