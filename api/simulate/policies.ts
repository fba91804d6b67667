import {
  mergeDispatchPolicy,
  parseDispatchPolicy,
  PLAIN_WAVE_RULES,
  type DispatchPolicy,
} from '../src/domain/dispatch-policy.js';

export const policyNames = ['ponte', 'broadcast', 'batched', 'cascade'] as const;
export type PolicyName = (typeof policyNames)[number];

/** More than any roster: "everyone at once". */
const EVERYONE = 100_000;
/** Longer than any search: the offer lives until the search's deadline (the engine caps it there). */
const UNTIL_DEADLINE = 60 * 24 * 3600;

/**
 * Each policy as the real engine's configuration (`DISPATCH_POLICY`): wave size, offer life and when a
 * planned request's cascade turns into a broadcast. When a search gives up (unfilled: 30 min for an
 * urgent request, 24 h before the start otherwise) is Ponte's in all four, so only the way offers go out
 * differs. `ponte` is the configured policy: the defaults, or `DISPATCH_POLICY` when it is set.
 */
export function dispatchPolicyFor(name: PolicyName, configured: unknown = undefined): DispatchPolicy {
  const ponte = parseDispatchPolicy(configured);
  // The others know neither the family's mediator nor a last call: only their waves go out.
  const everyTier = (waveSize: number, offerTtlSeconds: number, wavesBeforeBroadcast: number) => {
    const waves = { waveSize, offerTtlSeconds, ...PLAIN_WAVE_RULES };
    return mergeDispatchPolicy({ urgent: waves, soon: waves, planned: { ...waves, wavesBeforeBroadcast } }, ponte);
  };
  switch (name) {
    case 'ponte':
      return ponte;
    case 'broadcast':
      return everyTier(EVERYONE, UNTIL_DEADLINE, 1);
    case 'batched':
      return everyTier(20, 30 * 60, EVERYONE);
    case 'cascade':
      return everyTier(1, 2 * 3600, EVERYONE);
  }
}

export const policyDescriptions: Record<PolicyName, string> = {
  ponte:
    "Ponte's waves by lead time (urgent 10 × 15 min, then a last call of up to 20; 1–3 days 1 × 6 h, planned 1 × 24 h, the family's mediator first, a last call of up to 6 from 24 h before the deadline)",
  broadcast: 'every eligible mediator at once, the first accept wins',
  batched: '20 per batch, a new batch every 30 minutes',
  cascade: 'one at a time, 2 h each',
};
