import type { DispatchPolicyOverride } from '../../src/domain/dispatch-policy.js';
import { PLAIN_WAVES } from '../../src/domain/test-factories.js';

/** The `DISPATCH_POLICY` environment of plain waves (DESIGN.md's first table) with a test's changes, tier by tier. */
export function plainWavesEnvironment(changes: DispatchPolicyOverride = {}): { DISPATCH_POLICY: string } {
  const policy = {
    urgent: { ...PLAIN_WAVES.urgent, ...changes.urgent },
    soon: { ...PLAIN_WAVES.soon, ...changes.soon },
    planned: { ...PLAIN_WAVES.planned, ...changes.planned },
  };
  return { DISPATCH_POLICY: JSON.stringify(policy) };
}
