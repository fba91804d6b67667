import type { DispatchPolicyOverride } from '../../src/domain/dispatch-policy.js';

/** DESIGN.md's first table: plain waves, no family first, no last call. Tests of wave mechanics start from it. */
const PLAIN_WAVES = {
  urgent: { waveSize: 5, offerTtlSeconds: 600, familyFirst: false, lastCall: false },
  soon: { waveSize: 3, offerTtlSeconds: 1800, familyFirst: false, lastCall: false },
  planned: { waveSize: 1, offerTtlSeconds: 7200, wavesBeforeBroadcast: 3, familyFirst: false, lastCall: false },
} satisfies DispatchPolicyOverride;

/** The `DISPATCH_POLICY` environment of plain waves with a test's changes, tier by tier. */
export function plainWavesEnvironment(changes: DispatchPolicyOverride = {}): { DISPATCH_POLICY: string } {
  const policy = {
    urgent: { ...PLAIN_WAVES.urgent, ...changes.urgent },
    soon: { ...PLAIN_WAVES.soon, ...changes.soon },
    planned: { ...PLAIN_WAVES.planned, ...changes.planned },
  };
  return { DISPATCH_POLICY: JSON.stringify(policy) };
}
