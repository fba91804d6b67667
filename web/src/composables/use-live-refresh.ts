import { storeToRefs } from 'pinia';
import { getCurrentScope, onScopeDispose } from 'vue';
import { useLiveStore, type LiveEvent } from '@/stores/live';

/** How long a burst of events is gathered before the screen re-fetches once. */
export const LIVE_REFRESH_DELAY_MS = 300;

export interface LiveRefreshOptions {
  /** Whether an event concerns what the screen shows; `resync` (events were missed) always counts. */
  concerns: (event: LiveEvent) => boolean;
  /** Re-fetch (or react): gets the events gathered since the last call, oldest first. */
  refresh: (events: LiveEvent[]) => unknown;
  /**
   * Events arrive in bursts (a wave of offers, an accept that withdraws the others): they are gathered
   * for this long and handed over together, so a burst costs one round of requests. 0 = each event at once.
   */
  delayMs?: number;
}

/**
 * The one way a screen follows live events, for as long as the screen lives. Screens re-fetch what an
 * event names instead of patching state from it: the event carries ids and a status only, and the API
 * stays the one source of truth.
 */
export function useLiveRefresh(options: LiveRefreshOptions) {
  const live = useLiveStore();
  const delayMs = options.delayMs ?? LIVE_REFRESH_DELAY_MS;
  let pending: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    const events = pending;
    pending = [];
    timer = undefined;
    void options.refresh(events);
  }

  const stopListening = live.on((event) => {
    if (event.name !== 'resync' && !options.concerns(event)) return;
    pending.push(event);
    if (delayMs === 0) return flush();
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });

  function stop() {
    stopListening();
    clearTimeout(timer);
  }
  if (getCurrentScope()) onScopeDispose(stop);

  return { connected: storeToRefs(live).connected, stop };
}
