import { District, Language, listOf, Organization } from '@ponte/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { z } from 'zod';
import { api } from '@/api/client';
import { currentLocale } from '@/i18n';

const OrganizationList = listOf(Organization);

/**
 * Reference data the coordinator's screens name things with: languages, districts and organizations.
 * Each is loaded once per session and shared; organizations are reloaded after one is saved.
 */
export const useCoordinatorReferenceStore = defineStore('coordinator-reference', () => {
  const languages = ref<Language[]>([]);
  const districts = ref<District[]>([]);
  const organizations = ref<Organization[]>([]);
  const loading: Partial<Record<'languages' | 'districts' | 'organizations', Promise<void>>> = {};

  function once(name: keyof typeof loading, load: () => Promise<void>): Promise<void> {
    loading[name] ??= load().catch((error: unknown) => {
      // Not cached: the next screen tries again.
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

  function languageName(code: string): string {
    const language = languages.value.find((candidate) => candidate.code === code);
    if (!language) return code;
    return currentLocale() === 'en' ? language.nameEn : language.nameIt;
  }

  function districtName(id: string | null | undefined): string {
    if (!id) return '';
    return districts.value.find((district) => district.id === id)?.name ?? id;
  }

  function organizationName(id: string | null | undefined): string {
    if (!id) return '';
    return organizations.value.find((organization) => organization.id === id)?.name ?? id;
  }

  /** Languages in the order of their names in the current language. */
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
    languageName,
    districtName,
    organizationName,
    sortedLanguages,
  };
});
