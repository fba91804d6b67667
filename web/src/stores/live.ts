import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api } from '@/api/client';
import { useSessionStore } from '@/stores/session';

export type LiveEventName = 'offer.created' | 'offer.withdrawn' | 'offer.expired' | 'request.updated' | 'resync';
export interface LiveEvent {
  name: LiveEventName;
  id: number | undefined;
  /** Always has `id` (the offer's or the request's), `requestId` and `status`; never personal data. */
  data: { id?: string; requestId?: string; status?: string; [key: string]: unknown };
}
export type LiveListener = (event: LiveEvent) => void;

const EVENT_NAMES: LiveEventName[] = ['offer.created', 'offer.withdrawn', 'offer.expired', 'request.updated', 'resync'];
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000];

/** A seam for tests: the browser's EventSource by default. */
export type EventSourceFactory = (url: string) => EventSource;
let createEventSource: EventSourceFactory = (url) => new EventSource(url);
export function setEventSourceFactory(factory: EventSourceFactory) {
  createEventSource = factory;
}

/**
 * One Server-Sent Events connection per signed-in tab, shared by every view. Views subscribe with
 * `on(listener)` and re-fetch what an event names. After a drop it reconnects with a fresh access
 * token and the last event id, so the server replays what was missed (or says `resync`: re-fetch all).
 */
export const useLiveStore = defineStore('live', () => {
  const session = useSessionStore();
  const connected = ref(false);
  const listeners = new Set<LiveListener>();
  let source: EventSource | null = null;
  let lastEventId: number | undefined;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function emit(event: LiveEvent) {
    for (const listener of listeners) listener(event);
  }

  function close() {
    clearTimeout(retryTimer);
    source?.close();
    source = null;
    connected.value = false;
  }

  function open(token: string) {
    close();
    const query = new URLSearchParams({ access_token: token });
    if (lastEventId !== undefined) query.set('lastEventId', String(lastEventId));
    const next = createEventSource(`/api/events?${query.toString()}`);
    source = next;
    next.onopen = () => {
      connected.value = true;
      retries = 0;
    };
    for (const name of EVENT_NAMES) {
      next.addEventListener(name, (message) => {
        const { data, lastEventId: id } = message as MessageEvent<string>;
        if (id) lastEventId = Number(id);
        emit({ name, id: id ? Number(id) : undefined, data: data ? (JSON.parse(data) as LiveEvent['data']) : {} });
      });
    }
    // The stream ends when the access token expires, or the network drops: reconnect with a fresh token.
    next.onerror = () => {
      if (source !== next) return;
      close();
      const delay = RETRY_DELAYS_MS[Math.min(retries, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
      retries += 1;
      retryTimer = setTimeout(() => void reconnect(), delay);
    };
  }

  async function reconnect() {
    if (!session.user) return;
    try {
      open((await api.refreshSession()).accessToken);
    } catch {
      // Signed out or offline: the session store reacts to the former; the latter retries on the next error.
    }
  }

  function on(listener: LiveListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  watch(
    () => session.accessToken,
    (token, previous) => {
      if (!token) return close();
      // A refreshed token does not need a new stream while the current one is alive.
      if (!source || !previous) open(token);
    },
    { immediate: true },
  );

  return { connected, on, close };
});
