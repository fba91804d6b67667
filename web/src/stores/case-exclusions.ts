import { CaseExclusion, listOf, type CaseExclusionCreate } from '@ponte/shared';
import { defineStore } from 'pinia';
import { api } from '@/api/client';

const CaseExclusionPage = listOf(CaseExclusion);

/** The cases a mediator must never be offered (conflict of interest), as coordinators keep them. */
export const useCaseExclusionsStore = defineStore('case-exclusions', () => {
  const fetchOfMediator = (mediatorId: string) =>
    api.request('GET', '/api/case-exclusions', { query: { mediatorId, limit: 200 }, schema: CaseExclusionPage });
  const create = (body: CaseExclusionCreate) =>
    api.request('POST', '/api/case-exclusions', { body, schema: CaseExclusion });
  const remove = (id: string) => api.request('DELETE', `/api/case-exclusions/${encodeURIComponent(id)}`);
  return { fetchOfMediator, create, remove };
});
