import { computed, getCurrentScope, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * Coarse stages of a countdown, for what assistive technology announces: a screen reader told every
 * second is a screen reader nobody can use. `later` ≥ 5 min, `soon` < 5 min, `imminent` < 1 min.
 */
export type CountdownStage = 'later' | 'soon' | 'imminent' | 'expired';

export const SOON_MS = 5 * 60_000;
export const IMMINENT_MS = 60_000;

export interface CountdownOptions {
  /** How often the visible countdown moves; 1 s by default. */
  tickMs?: number;
}

export function stageFor(remainingMs: number): CountdownStage {
  if (remainingMs <= 0) return 'expired';
  if (remainingMs < IMMINENT_MS) return 'imminent';
  if (remainingMs < SOON_MS) return 'soon';
  return 'later';
}

/**
 * Time left until `deadline` (an ISO string, a Date or epoch ms), ticking while in the future and
 * stopping at zero. The timer belongs to the calling component (or effect scope) and ends with it.
 */
export function useCountdown(deadline: MaybeRefOrGetter<string | number | Date>, options: CountdownOptions = {}) {
  const tickMs = options.tickMs ?? 1000;
  const deadlineMs = computed(() => new Date(toValue(deadline)).getTime());
  const remainingMs = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop() {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  function update() {
    remainingMs.value = Math.max(0, deadlineMs.value - Date.now());
    if (remainingMs.value === 0) stop();
  }

  function start() {
    stop();
    update();
    if (remainingMs.value > 0) timer = setInterval(update, tickMs);
  }

  // A new deadline (a refreshed offer) restarts the clock.
  watch(deadlineMs, start, { immediate: true });
  if (getCurrentScope()) onScopeDispose(stop);

  const expired = computed(() => remainingMs.value === 0);
  const stage = computed(() => stageFor(remainingMs.value));

  return { remainingMs, expired, stage, stop };
}
