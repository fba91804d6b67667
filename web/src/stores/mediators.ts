import { listOf, Mediator, MediatorSummary } from '@ponte/shared';
import { defineStore } from 'pinia';
import { api } from '@/api/client';

const MediatorPage = listOf(MediatorSummary);
const mediatorPath = (id: string) => `/api/mediators/${encodeURIComponent(id)}`;

export type MediatorListQuery = {
  language?: string;
  districtId?: string;
  active?: string;
  limit: number;
  offset?: number;
};

/** Mediators' records as coordinators list and edit them. Nothing is kept: each screen holds its page. */
export const useMediatorsStore = defineStore('mediators', () => {
  const fetchPage = (query: MediatorListQuery) => api.request('GET', '/api/mediators', { query, schema: MediatorPage });
  const fetchOne = (id: string) => api.request('GET', mediatorPath(id), { schema: Mediator });
  /** A new record, or the changes to one (the body the shared schema made of the form). */
  const save = (id: string | undefined, body: unknown) =>
    id
      ? api.request('PATCH', mediatorPath(id), { body, schema: Mediator })
      : api.request('POST', '/api/mediators', { body, schema: Mediator });
  return { fetchPage, fetchOne, save };
});
