import { storeToRefs } from 'pinia';
import { onScopeDispose } from 'vue';
import { useLiveStore, type LiveEvent } from '@/stores/live';

export const LIVE_REFRESH_DELAY_MS = 300;

/**
 * Re-fetches when live events concern what a page shows. Events arrive in bursts (a wave of offers, an
 * accept that withdraws the others): they are gathered for a moment and handed over together, so a
 * burst costs one round of requests. A `resync` (the server could not replay what was missed) always counts.
 */
export function useLiveRefresh(options: {
  concerns: (event: LiveEvent) => boolean;
  refresh: (events: LiveEvent[]) => unknown;
  delayMs?: number;
}) {
  const live = useLiveStore();
  let pending: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    const events = pending;
    pending = [];
    timer = undefined;
    void options.refresh(events);
  }

  const stop = live.on((event) => {
    if (event.name !== 'resync' && !options.concerns(event)) return;
    pending.push(event);
    clearTimeout(timer);
    timer = setTimeout(flush, options.delayMs ?? LIVE_REFRESH_DELAY_MS);
  });

  onScopeDispose(() => {
    stop();
    clearTimeout(timer);
  });

  return { connected: storeToRefs(live).connected };
}
