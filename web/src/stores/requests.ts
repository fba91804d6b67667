import {
  AssignBody,
  CancelBody,
  Candidates,
  CompleteBody,
  ConfirmBody,
  listOf,
  RequestCreate,
  RequestDetail,
  RequestStatus,
  RequestSummary,
  SeriesCancelBody,
  SeriesCreate,
  SeriesDetail,
  SeriesPreview,
  SeriesPreviewBody,
  SeriesWithdrawBody,
  WithdrawBody,
  WithdrawResult,
} from '@ponte/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { z } from 'zod';
import { api } from '@/api/client';
import { useSessionStore } from '@/stores/session';

export type RequestCreateBody = z.output<typeof RequestCreate>;
export type CancelInput = z.input<typeof CancelBody>;
export type ConfirmInput = z.input<typeof ConfirmBody>;
export type CompleteInput = z.input<typeof CompleteBody>;
export type WithdrawInput = z.input<typeof WithdrawBody>;
export type AssignInput = z.input<typeof AssignBody>;
export type SeriesCreateBody = z.output<typeof SeriesCreate>;
export type SeriesPreviewInput = z.input<typeof SeriesPreviewBody>;
export type SeriesCancelInput = z.input<typeof SeriesCancelBody>;

/** The coordinators' filters of the list of every request. */
export type RequestListQuery = {
  status?: string;
  languageCode?: string;
  organizationId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset?: number;
};

const PAGE_SIZE = 50;
const RequestPage = listOf(RequestSummary);

const requestPath = (id: string) => `/api/requests/${encodeURIComponent(id)}`;
const seriesPath = (id: string) => `/api/series/${encodeURIComponent(id)}`;

/**
 * Requests as the requester and the assigned mediator see them: the organization's list (with its
 * status filter) and each opened request in full; coordinators page through every request with their
 * filters (`fetchPage`, held by the screen) and assign from the candidates. Screens re-fetch through here when a live event names
 * a request; every answer replaces what was held, so the newest read always wins.
 */
export const useRequestsStore = defineStore('requests', () => {
  const items = ref<RequestSummary[]>([]);
  const total = ref(0);
  const statuses = ref<RequestStatus[]>([]);
  const listLoaded = ref(false);
  const details = ref<Record<string, RequestDetail>>({});
  let listGeneration = 0;

  // Another person signing in on this device (a shared school computer) must not see the last one's data.
  watch(
    () => useSessionStore().user?.id,
    () => {
      listGeneration += 1;
      items.value = [];
      total.value = 0;
      statuses.value = [];
      listLoaded.value = false;
      details.value = {};
    },
  );

  function remember(detail: RequestDetail): RequestDetail {
    details.value[detail.id] = detail;
    const index = items.value.findIndex((item) => item.id === detail.id);
    if (index >= 0) items.value[index] = RequestSummary.parse(detail);
    return detail;
  }

  /** The first page for a status filter (empty = every status); replaces the list. */
  async function fetchList(filter: RequestStatus[] = statuses.value): Promise<void> {
    const generation = ++listGeneration;
    const page = await api.request('GET', '/api/requests', {
      query: { status: filter.length > 0 ? filter.join(',') : undefined, limit: PAGE_SIZE, offset: 0 },
      schema: RequestPage,
    });
    // A slower answer for an older filter must not overwrite a newer one.
    if (generation !== listGeneration) return;
    statuses.value = [...filter];
    items.value = page.items;
    total.value = page.total ?? page.items.length;
    listLoaded.value = true;
  }

  async function fetchMore(): Promise<void> {
    const generation = listGeneration;
    const page = await api.request('GET', '/api/requests', {
      query: {
        status: statuses.value.length > 0 ? statuses.value.join(',') : undefined,
        limit: PAGE_SIZE,
        offset: items.value.length,
      },
      schema: RequestPage,
    });
    if (generation !== listGeneration) return;
    const known = new Set(items.value.map((item) => item.id));
    items.value = [...items.value, ...page.items.filter((item) => !known.has(item.id))];
    total.value = page.total ?? items.value.length;
  }

  /** One page of every request the caller may see, for the coordinators' filtered list. */
  function fetchPage(query: RequestListQuery) {
    return api.request('GET', '/api/requests', { query, schema: RequestPage });
  }

  /** Who could take the request, with the reasons others cannot (coordinators only). */
  function fetchCandidates(id: string): Promise<Candidates> {
    return api.request('GET', `${requestPath(id)}/candidates`, { schema: Candidates });
  }

  async function assign(id: string, body: AssignInput): Promise<RequestDetail> {
    return remember(await api.request('POST', `${requestPath(id)}/assign`, { body, schema: RequestDetail }));
  }

  async function fetchOne(id: string): Promise<RequestDetail> {
    return remember(await api.request('GET', requestPath(id), { schema: RequestDetail }));
  }

  /**
   * Files a request. The Idempotency-Key makes a retry (a double tap, a lost answer) return the first
   * request instead of creating a second one.
   */
  async function create(body: RequestCreateBody, idempotencyKey: string): Promise<RequestDetail> {
    const created = await api.request('POST', '/api/requests', {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      schema: RequestDetail,
    });
    return remember(created);
  }

  async function cancel(id: string, body: CancelInput): Promise<RequestDetail> {
    return remember(await api.request('POST', `${requestPath(id)}/cancel`, { body, schema: RequestDetail }));
  }

  async function confirm(id: string, body: ConfirmInput): Promise<RequestDetail> {
    return remember(await api.request('POST', `${requestPath(id)}/confirm`, { body, schema: RequestDetail }));
  }

  async function complete(id: string, body: CompleteInput): Promise<RequestDetail> {
    return remember(await api.request('POST', `${requestPath(id)}/complete`, { body, schema: RequestDetail }));
  }

  /** The assigned mediator steps back; the request is no longer theirs to read afterwards. */
  async function withdraw(id: string, body: WithdrawInput) {
    const result = await api.request('POST', `${requestPath(id)}/withdraw`, { body, schema: WithdrawResult });
    delete details.value[id];
    return result;
  }

  /** The dates a series rule gives, holidays and excluded dates apart: the form's preview; nothing is booked. */
  function previewSeries(body: SeriesPreviewInput): Promise<SeriesPreview> {
    return api.request('POST', '/api/series/preview', { body, schema: SeriesPreview });
  }

  /** Books a course of sessions in one go (API.md, "Series"). */
  async function createSeries(body: SeriesCreateBody): Promise<SeriesDetail> {
    const created = await api.request('POST', '/api/series', { body, schema: SeriesDetail });
    created.requests.forEach(remember);
    return created;
  }

  async function fetchSeries(id: string): Promise<SeriesDetail> {
    const series = await api.request('GET', seriesPath(id), { schema: SeriesDetail });
    series.requests.forEach(remember);
    return series;
  }

  /** Cancels the sessions not yet held, from a date when given. */
  async function cancelSeries(id: string, body: SeriesCancelInput): Promise<SeriesDetail> {
    const series = await api.request('POST', `${seriesPath(id)}/cancel`, { body, schema: SeriesDetail });
    series.requests.forEach(remember);
    return series;
  }

  /** The mediator withdraws from every session of the series they hold; none is theirs to read afterwards. */
  async function withdrawFromSeries(id: string, body: z.input<typeof SeriesWithdrawBody>) {
    const result = await api.request('POST', `${seriesPath(id)}/withdraw`, {
      body,
      schema: z.object({ withdrawn: z.int() }),
    });
    for (const [requestId, detail] of Object.entries(details.value))
      if (detail.seriesId === id) delete details.value[requestId];
    return result;
  }

  return {
    withdrawFromSeries,
    previewSeries,
    createSeries,
    fetchSeries,
    cancelSeries,
    items,
    total,
    statuses,
    listLoaded,
    details,
    fetchList,
    fetchMore,
    fetchPage,
    fetchOne,
    fetchCandidates,
    assign,
    create,
    cancel,
    confirm,
    complete,
    withdraw,
  };
});
