import { Locale } from '@ponte/shared';
import { createI18n } from 'vue-i18n';
import it, { type MessageSchema } from './it';

declare module 'vue-i18n' {
  // Type-checks every t('…') key against the Italian messages.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}

export const DEFAULT_LOCALE: Locale = 'it';
const STORAGE_KEY = 'ponte.locale';

/** Italian ships with the app; other languages load on first use, so the sign-in page stays small. */
const loaders: Record<Locale, () => Promise<{ default: MessageSchema }>> = {
  it: () => Promise.resolve({ default: it }),
  en: () => import('./en'),
};

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { it } as Record<Locale, MessageSchema>,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/**
 * Loads the messages if needed, switches the UI and tells assistive technology via <html lang>.
 * Resolves to false, leaving the language as it was, when the messages cannot be loaded (offline).
 */
export async function applyLocale(locale: Locale): Promise<boolean> {
  if (!i18n.global.availableLocales.includes(locale)) {
    try {
      const { default: messages } = await loaders[locale]();
      i18n.global.setLocaleMessage(locale, messages);
    } catch {
      return false;
    }
  }
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  return true;
}

/** The locale chosen on this device earlier, if any (storage may be unavailable: private modes). */
export function storedLocale(): Locale | null {
  try {
    const parsed = Locale.safeParse(localStorage.getItem(STORAGE_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered on this device; the account's locale still is once signed in.
  }
}
