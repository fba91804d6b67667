import { computed, getCurrentScope, onScopeDispose } from 'vue';
import { useLiveStore, type LiveEvent, type LiveEventName } from '@/stores/live';

export interface LiveRefreshOptions {
  /** Event names to react to; `resync` (events were missed: re-fetch everything) always counts. */
  names?: readonly LiveEventName[];
  /** Only events this accepts, e.g. those naming the request on screen. */
  filter?: (event: LiveEvent) => boolean;
  /** Coalesce a burst of events (a wave of offers) into one call after this many ms; 0 = at once. */
  debounceMs?: number;
}

/**
 * Runs `refresh` when a live event concerns what the calling screen shows, for as long as the screen
 * lives. Screens re-fetch what an event names instead of patching state from it: the event carries
 * ids and a status only, and the API stays the one source of truth.
 */
export function useLiveRefresh(refresh: (event: LiveEvent) => void, options: LiveRefreshOptions = {}) {
  const live = useLiveStore();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastEvent: LiveEvent | undefined;

  const stop = live.on((event) => {
    if (event.name !== 'resync') {
      if (options.names && !options.names.includes(event.name)) return;
      if (options.filter && !options.filter(event)) return;
    }
    if (!options.debounceMs) return refresh(event);
    lastEvent = event;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (lastEvent) refresh(lastEvent);
    }, options.debounceMs);
  });

  function dispose() {
    clearTimeout(timer);
    stop();
  }
  if (getCurrentScope()) onScopeDispose(dispose);
  return { connected: computed(() => live.connected), stop: dispose };
}
