import { listOf, RequestSummary, type RequestStatus } from '@ponte/shared';
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { api } from '@/api/client';
import { endOfRomeDay, romeDayKey, startOfRomeDay } from '@/composables/rome-time';
import type { LiveEvent } from '@/stores/live';

export const dashboardListNames = ['unfilled', 'startingSoon', 'lateCancellations', 'assignedToday'] as const;
export type DashboardListName = (typeof dashboardListNames)[number];

/** The status each list shows: a request changing to it may join the list. */
const statusOf: Record<DashboardListName, RequestStatus> = {
  unfilled: 'unfilled',
  startingSoon: 'searching',
  lateCancellations: 'cancelled',
  assignedToday: 'assigned',
};

const HOUR_MS = 3_600_000;
/** "Recent" late cancellations: starts in the last week (a late one starts at most 24 h after it was cancelled). */
const LATE_CANCELLATION_LOOKBACK_MS = 7 * 24 * HOUR_MS;
const RequestPage = listOf(RequestSummary);

export interface DashboardList {
  items: RequestSummary[];
  /** How many there are, which can exceed the items shown. */
  total: number;
  loaded: boolean;
  loading: boolean;
  /** The last load failed; the items of the load before stay shown. */
  failed: boolean;
}

const byStartAscending = (first: RequestSummary, second: RequestSummary) =>
  Date.parse(first.startsAt) - Date.parse(second.startsAt);

function queryFor(name: DashboardListName, now: Date): Record<string, string | number | undefined> {
  const base = { status: statusOf[name], limit: 200 };
  switch (name) {
    case 'unfilled':
      return base;
    case 'startingSoon':
      return { ...base, from: now.toISOString(), to: new Date(now.getTime() + 24 * HOUR_MS).toISOString() };
    case 'lateCancellations':
      return {
        ...base,
        from: new Date(now.getTime() - LATE_CANCELLATION_LOOKBACK_MS).toISOString(),
        to: new Date(now.getTime() + 24 * HOUR_MS).toISOString(),
      };
    case 'assignedToday': {
      const today = romeDayKey(now);
      return { ...base, from: startOfRomeDay(today), to: endOfRomeDay(today) };
    }
  }
}

/** The API has no late-cancellation filter: the list keeps the late ones, most recent start first. */
function arrange(name: DashboardListName, items: RequestSummary[]): RequestSummary[] {
  if (name === 'lateCancellations')
    return items.filter((item) => item.lateCancellation).sort((first, second) => byStartAscending(second, first));
  return [...items].sort(byStartAscending);
}

/** What needs the coordinator's attention now, list by list. */
export const useCoordinatorDashboardStore = defineStore('coordinator-dashboard', () => {
  const lists = reactive(
    Object.fromEntries(
      dashboardListNames.map((name) => [name, { items: [], total: 0, loaded: false, loading: false, failed: false }]),
    ) as unknown as Record<DashboardListName, DashboardList>,
  );
  const updatedAt = ref<Date | null>(null);
  const generation: Partial<Record<DashboardListName, number>> = {};

  async function loadList(name: DashboardListName, now: Date): Promise<void> {
    const list = lists[name];
    // A slower, older answer must not overwrite a newer one.
    const mine = (generation[name] = (generation[name] ?? 0) + 1);
    list.loading = true;
    try {
      const page = await api.request('GET', '/api/requests', { query: queryFor(name, now), schema: RequestPage });
      if (generation[name] !== mine) return;
      list.items = arrange(name, page.items);
      list.total = name === 'lateCancellations' ? list.items.length : (page.total ?? page.items.length);
      list.loaded = true;
      list.failed = false;
    } catch (error) {
      if (generation[name] !== mine) return;
      list.failed = true;
      if (!(error instanceof Error)) throw error;
    } finally {
      if (generation[name] === mine) list.loading = false;
    }
  }

  async function load(names: readonly DashboardListName[] = dashboardListNames): Promise<void> {
    const now = new Date();
    await Promise.all(names.map((name) => loadList(name, now)));
    updatedAt.value = now;
  }

  /**
   * The lists a burst of live events may have changed: those showing a request's new status, and those
   * holding the request (it left them). A `resync` means anything may have changed.
   */
  function listsAffectedBy(events: readonly LiveEvent[]): DashboardListName[] {
    const affected = new Set<DashboardListName>();
    for (const event of events) {
      if (event.name === 'resync') return [...dashboardListNames];
      if (event.name !== 'request.updated') continue;
      const requestId = event.data.requestId ?? event.data.id;
      for (const name of dashboardListNames) {
        if (event.data.status === statusOf[name] || lists[name].items.some((item) => item.id === requestId))
          affected.add(name);
      }
    }
    return dashboardListNames.filter((name) => affected.has(name));
  }

  return { lists, updatedAt, load, listsAffectedBy };
});
