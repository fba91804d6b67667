import { listOf, Organization } from '@ponte/shared';
import { defineStore } from 'pinia';
import { api } from '@/api/client';
import { useReferenceStore } from '@/stores/reference';

const OrganizationPage = listOf(Organization);
const organizationPath = (id: string) => `/api/organizations/${encodeURIComponent(id)}`;

/** Schools and services as coordinators list and edit them; a save refreshes the names everyone uses. */
export const useOrganizationsStore = defineStore('organizations', () => {
  const fetchPage = (query: { limit: number; offset?: number }) =>
    api.request('GET', '/api/organizations', { query, schema: OrganizationPage });
  const fetchOne = (id: string) => api.request('GET', organizationPath(id), { schema: Organization });
  async function save(id: string | undefined, body: unknown) {
    const saved = id
      ? await api.request('PATCH', organizationPath(id), { body, schema: Organization })
      : await api.request('POST', '/api/organizations', { body, schema: Organization });
    void useReferenceStore()
      .loadOrganizations(true)
      .catch(() => undefined);
    return saved;
  }
  return { fetchPage, fetchOne, save };
});
