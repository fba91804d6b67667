import { District, Language, listOf, Organization } from '@ponte/shared';
import { defineStore, storeToRefs } from 'pinia';
import { ref } from 'vue';
import { z } from 'zod';
import { api } from '@/api/client';
import { currentLocale } from '@/i18n';

const OrganizationList = listOf(Organization);

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * Reference data every role names things with: languages, districts and (for coordinators) the
 * organizations. Languages and districts change with a release, not during a session: each list is
 * loaded once and shared by every screen; a failed load is forgotten, so the next screen tries again.
 * Organizations are reloaded after one is saved.
 */
export const useReferenceStore = defineStore('reference', () => {
  const languages = ref<Language[]>([]);
  const districts = ref<District[]>([]);
  const organizations = ref<Organization[]>([]);
  const loading: Partial<Record<'languages' | 'districts' | 'organizations', Promise<void>>> = {};

  function once(name: keyof typeof loading, load: () => Promise<void>): Promise<void> {
    loading[name] ??= load().catch((error: unknown) => {
      delete loading[name];
      throw error;
    });
    return loading[name];
  }

  const loadLanguages = () =>
    once('languages', async () => {
      languages.value = await api.request('GET', '/api/languages', { schema: z.array(Language) });
    });

  const loadDistricts = () =>
    once('districts', async () => {
      districts.value = await api.request('GET', '/api/districts', { schema: z.array(District) });
    });

  /** Every organization (a consortium serves tens, not thousands), by name. */
  const loadOrganizations = (force = false) => {
    if (force) delete loading.organizations;
    return once('organizations', async () => {
      const page = await api.request('GET', '/api/organizations', { query: { limit: 200 }, schema: OrganizationList });
      organizations.value = [...page.items].sort((first, second) => first.name.localeCompare(second.name, 'it'));
    });
  };

  /** One organization, fresh (a requester's own, to fill in a form): not cached. */
  const fetchOrganization = (id: string): Promise<Organization> =>
    api.request('GET', `/api/organizations/${encodeURIComponent(id)}`, { schema: Organization });

  const findLanguage = (code: string) => languages.value.find((candidate) => candidate.code === code);

  /**
   * A language's name in the user's language. Until (or unless) the list arrives, the browser's own
   * names (Intl.DisplayNames) stand in, so a name never flashes as a bare code.
   */
  function languageName(code: string): string {
    const locale = currentLocale();
    const known = findLanguage(code);
    if (known) return locale === 'en' ? known.nameEn : known.nameIt;
    try {
      const name = new Intl.DisplayNames([locale], { type: 'language' }).of(code);
      if (name && name !== code) return capitalize(name);
    } catch {
      // Not a code Intl knows: show it as it is.
    }
    return code.toUpperCase();
  }

  function districtName(id: string | null | undefined): string {
    if (!id) return '';
    return districts.value.find((district) => district.id === id)?.name ?? id;
  }

  function organizationName(id: string | null | undefined): string {
    if (!id) return '';
    return organizations.value.find((organization) => organization.id === id)?.name ?? id;
  }

  /** Languages in the order of their names in the current language, for pickers. */
  function sortedLanguages(): Language[] {
    const locale = currentLocale();
    return [...languages.value].sort((first, second) =>
      languageName(first.code).localeCompare(languageName(second.code), locale),
    );
  }

  return {
    languages,
    districts,
    organizations,
    loadLanguages,
    loadDistricts,
    loadOrganizations,
    fetchOrganization,
    findLanguage,
    languageName,
    districtName,
    organizationName,
    sortedLanguages,
  };
});

/** For a component that names languages: the store's names, with the list asked for. */
export function useLanguages() {
  const reference = useReferenceStore();
  void reference.loadLanguages().catch(() => undefined);
  const { languages } = storeToRefs(reference);
  return { languages, languageName: reference.languageName, sortedLanguages: reference.sortedLanguages };
}

/** For a component that names districts: the store's names, with the list asked for. */
export function useDistricts() {
  const reference = useReferenceStore();
  void reference.loadDistricts().catch(() => undefined);
  const { districts } = storeToRefs(reference);
  return { districts, districtName: reference.districtName };
}
