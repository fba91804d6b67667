import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The document title of a coordinator page. Route meta can only name a section's title, and these
 * pages need their own ("Richiesta del 3 dicembre", "Nuova organizzazione"): each view sets it, after
 * the app's generic title, and again when the language changes.
 */
export function usePageTitle(page: () => string | undefined) {
  const { t } = useI18n();
  watchEffect(() => {
    const name = page();
    if (name) document.title = t('app.pageTitle', { page: name });
  });
}
