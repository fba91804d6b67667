import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { stageFor, useCountdown } from './use-countdown';

const NOW = Date.parse('2026-12-01T09:00:00+01:00');

function inScope<T>(create: () => T) {
  const scope = effectScope();
  const result = scope.run(create) as T;
  return { result, stop: () => scope.stop() };
}

describe('useCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('counts down every second and stops at zero', () => {
    const { result, stop } = inScope(() => useCountdown(new Date(NOW + 3_500).toISOString()));
    expect(result.remainingMs.value).toBe(3_500);
    expect(result.expired.value).toBe(false);

    vi.advanceTimersByTime(1_000);
    expect(result.remainingMs.value).toBe(2_500);

    vi.advanceTimersByTime(3_000);
    expect(result.remainingMs.value).toBe(0);
    expect(result.expired.value).toBe(true);
    expect(result.stage.value).toBe('expired');
    // No timer left running once expired.
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('moves through coarse stages only at 5 minutes and 1 minute', () => {
    const { result, stop } = inScope(() => useCountdown(NOW + 6 * 60_000));
    const stages: string[] = [result.stage.value];
    for (let second = 0; second < 6 * 60; second += 1) {
      vi.advanceTimersByTime(1_000);
      if (stages.at(-1) !== result.stage.value) stages.push(result.stage.value);
    }
    expect(stages).toEqual(['later', 'soon', 'imminent', 'expired']);
    stop();
  });

  it('starts expired for a deadline in the past, without a timer', () => {
    const { result, stop } = inScope(() => useCountdown(NOW - 1));
    expect(result.expired.value).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });

  it('restarts when the deadline changes', async () => {
    const deadline = ref(NOW + 1_000);
    const { result, stop } = inScope(() => useCountdown(deadline));
    vi.advanceTimersByTime(2_000);
    expect(result.expired.value).toBe(true);

    deadline.value = Date.now() + 60_000;
    await nextTick();
    expect(result.remainingMs.value).toBe(60_000);
    vi.advanceTimersByTime(10_000);
    expect(result.remainingMs.value).toBe(50_000);
    stop();
  });

  it('clears its timer when the owning scope ends', () => {
    const { stop } = inScope(() => useCountdown(NOW + 60_000));
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [10 * 60_000, 'later'],
    [5 * 60_000, 'later'],
    [5 * 60_000 - 1, 'soon'],
    [60_000 - 1, 'imminent'],
    [0, 'expired'],
  ] as const)('stage of %i ms is %s', (remaining, stage) => {
    expect(stageFor(remaining)).toBe(stage);
  });
});
