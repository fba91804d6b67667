import { District, Language, Organization } from '@ponte/shared';
import { computed, shallowRef, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { z } from 'zod';
import { api } from '@/api/client';

/**
 * Reference data (languages, districts) changes with a new release, not during a session: each list is
 * fetched once per page load and shared by every screen. A failed load is forgotten, so the next screen
 * that needs it tries again.
 */
function cachedList<T>(path: string, schema: z.ZodType<T[]>) {
  const items: ShallowRef<T[] | null> = shallowRef(null);
  let loading: Promise<T[]> | null = null;
  function load(): Promise<T[]> {
    loading ??= api.request('GET', path, { schema }).then(
      (list) => {
        items.value = list;
        return list;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }
  function reset() {
    items.value = null;
    loading = null;
  }
  return { items, load, reset };
}

const languages = cachedList('/api/languages', z.array(Language));
const districts = cachedList('/api/districts', z.array(District));

export const loadLanguages = languages.load;
export const loadDistricts = districts.load;

/** Tests start each case with nothing cached. */
export function resetReferenceData() {
  languages.reset();
  districts.reset();
}

export function loadOrganization(id: string): Promise<Organization> {
  return api.request('GET', `/api/organizations/${encodeURIComponent(id)}`, { schema: Organization });
}

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * Language names in the user's language. Until (or unless) the list arrives, the browser's own names
 * (Intl.DisplayNames) stand in, so a name never flashes as a bare code.
 */
export function useLanguages() {
  const { locale } = useI18n();
  void languages.load().catch(() => undefined);
  const byCode = computed(() => new Map((languages.items.value ?? []).map((language) => [language.code, language])));

  function languageName(code: string): string {
    const known = byCode.value.get(code);
    if (known) return locale.value === 'it' ? known.nameIt : known.nameEn;
    try {
      const name = new Intl.DisplayNames([locale.value], { type: 'language' }).of(code);
      if (name && name !== code) return capitalize(name);
    } catch {
      // Not a code Intl knows: show it as it is.
    }
    return code.toUpperCase();
  }

  /** Sorted by name in the user's language, for pickers. */
  const sortedLanguages = computed(() =>
    [...(languages.items.value ?? [])].sort((a, b) =>
      languageName(a.code).localeCompare(languageName(b.code), locale.value),
    ),
  );

  return { languages: languages.items, sortedLanguages, languageName, loadLanguages: languages.load };
}

export function useDistricts() {
  void districts.load().catch(() => undefined);
  const byId = computed(() => new Map((districts.items.value ?? []).map((district) => [district.id, district])));
  const districtName = (id: string) => byId.value.get(id)?.name ?? id;
  return { districts: districts.items, districtName, loadDistricts: districts.load };
}
