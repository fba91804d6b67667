import type { RequestSummary } from '@ponte/shared';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { buildRequestSummary, ids, languages } from '@/components/coordinator/test-factories';
import { LIVE_REFRESH_DELAY_MS } from '@/composables/use-live-refresh';
import { applyLocale } from '@/i18n';
import { setEventSourceFactory } from '@/stores/live';
import { jsonResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import DashboardView from './DashboardView.vue';

/** Stands in for the browser's EventSource: the test pushes server events through it. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }

  addEventListener(name: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }

  close() {}

  emit(name: string, data: unknown, id: number) {
    const event = new MessageEvent(name, { data: JSON.stringify(data), lastEventId: String(id) });
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }
}

/** The API's request list, answering each dashboard query by its status from what `lists` holds now. */
function requestsServer(lists: Record<string, RequestSummary[]>) {
  const queries: URLSearchParams[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), 'http://ponte.test');
    if (url.pathname === '/api/languages') return jsonResponse(200, languages);
    if (url.pathname !== '/api/requests') throw new Error(`unexpected ${url.pathname}`);
    queries.push(url.searchParams);
    const items = lists[url.searchParams.get('status') ?? ''] ?? [];
    return jsonResponse(200, { items, total: items.length });
  };
  const countFor = (status: string) => queries.filter((query) => query.get('status') === status).length;
  return { fetch, queries, countFor };
}

const sectionText = (view: VueWrapper, name: string) => view.find(`#dashboard-${name}`).text();
let wrapper: VueWrapper | undefined;

describe('DashboardView', () => {
  beforeEach(async () => {
    await applyLocale('it');
    setEventSourceFactory((url) => new FakeEventSource(url) as unknown as EventSource);
    // Signed in: the live store opens its stream as soon as a page listens.
    api.setAccessToken('access-1');
  });
  afterEach(() => {
    wrapper?.unmount();
    api.setAccessToken(null);
  });

  it('asks for each list of what needs attention, with counts at the top', async () => {
    const server = requestsServer({ unfilled: [buildRequestSummary()] });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(DashboardView, '/coordinator'));
    await flushPromises();

    expect(server.countFor('unfilled')).toBe(1);
    const soon = server.queries.find((query) => query.get('status') === 'searching');
    expect(Date.parse(soon?.get('to') ?? '') - Date.parse(soon?.get('from') ?? '')).toBe(24 * 3_600_000);
    expect(server.queries.find((query) => query.get('status') === 'cancelled')).toBeDefined();
    expect(server.queries.find((query) => query.get('status') === 'assigned')?.get('from')).toMatch(
      /T00:00:00\+0[12]:00$/,
    );

    expect(wrapper.find('.ponte-count--unfilled').text()).toContain('1');
    expect(sectionText(wrapper, 'unfilled')).toContain('Arabo');
    expect(wrapper.find(`#dashboard-unfilled a[href="/coordinator/requests/${ids.request}"]`).exists()).toBe(true);
    expect(sectionText(wrapper, 'assignedToday')).toContain('Nessun incarico assegnato per oggi.');
    expect(wrapper.find('#dashboard-unfilled caption').text()).toBe('Senza copertura');
  });

  it('shows only late cancellations among the cancelled ones', async () => {
    const late = buildRequestSummary({
      id: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      status: 'cancelled',
      lateCancellation: true,
      languageCode: 'ti',
    });
    const notLate = buildRequestSummary({ status: 'cancelled', lateCancellation: false });
    vi.stubGlobal('fetch', requestsServer({ cancelled: [late, notLate] }).fetch);
    ({ wrapper } = await mountAt(DashboardView, '/coordinator'));
    await flushPromises();

    expect(wrapper.find('.ponte-count--lateCancellations').text()).toContain('1');
    expect(wrapper.findAll('#dashboard-lateCancellations tbody tr')).toHaveLength(1);
    expect(sectionText(wrapper, 'lateCancellations')).toContain('Tigrino');
  });

  it('re-fetches the lists a live request.updated concerns, once per burst', async () => {
    const lists: Record<string, RequestSummary[]> = { unfilled: [buildRequestSummary()] };
    const server = requestsServer(lists);
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(DashboardView, '/coordinator'));
    await flushPromises();
    expect(FakeEventSource.last?.url).toContain('access_token=access-1');

    // Meanwhile a mediator accepted the unfilled request: it is now assigned for today.
    lists.unfilled = [];
    lists.assigned = [
      buildRequestSummary({
        status: 'assigned',
        assignedMediator: { id: ids.amina, fullName: 'Amina El Idrissi', phone: '+39 333 1000000' },
      }),
    ];
    FakeEventSource.last?.emit('request.updated', { id: ids.request, requestId: ids.request, status: 'assigned' }, 41);
    FakeEventSource.last?.emit('request.updated', { id: ids.request, requestId: ids.request, status: 'assigned' }, 42);

    await vi.waitFor(() => expect(server.countFor('assigned')).toBe(2), { timeout: LIVE_REFRESH_DELAY_MS * 10 });
    await flushPromises();
    // The list it left and the list it joined, once each; the others are untouched.
    expect(server.countFor('unfilled')).toBe(2);
    expect(server.countFor('searching')).toBe(1);
    expect(server.countFor('cancelled')).toBe(1);
    expect(sectionText(wrapper, 'unfilled')).toContain('Nessuna richiesta senza copertura.');
    expect(sectionText(wrapper, 'assignedToday')).toContain('Amina El Idrissi');
    expect(wrapper.find('.ponte-count--assignedToday').text()).toContain('1');
  });

  it('ignores offers and other requests’ updates that touch no list, and reloads all on resync', async () => {
    const server = requestsServer({});
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(DashboardView, '/coordinator'));
    await flushPromises();

    FakeEventSource.last?.emit('offer.created', { id: ids.amina, requestId: ids.request, status: 'pending' }, 50);
    FakeEventSource.last?.emit('request.updated', { id: ids.request, requestId: ids.request, status: 'completed' }, 51);
    await new Promise((resolve) => setTimeout(resolve, LIVE_REFRESH_DELAY_MS * 2));
    // The four lists of this store (the approvals panel asks for its own).
    const listQueries = () => server.queries.filter((query) => query.get('status') !== 'awaiting_approval');
    expect(listQueries()).toHaveLength(4);

    FakeEventSource.last?.emit('resync', {}, 52);
    await vi.waitFor(() => expect(listQueries()).toHaveLength(8), { timeout: LIVE_REFRESH_DELAY_MS * 10 });
  });
});
