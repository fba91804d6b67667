import { BEHAVIOUR_MODEL } from './behaviour.js';
import { demoShape, generateDemand, leadClasses, type DemandShape, type LeadClass } from './demand.js';
import { figuresByLead, figuresOf, measuresPonteLoses, type LeadFigures, type PolicyFigures } from './figures.js';
import { dispatchPolicyFor, policyDescriptions, type PolicyName } from './policies.js';
import { runPolicies } from './parallel.js';
import type { PolicyRun } from './run.js';

export interface SeasonOptions {
  seed: number;
  days: number;
  policies: readonly PolicyName[];
  /** The demo roster this many times over. */
  scale: number;
  shape?: DemandShape;
  databaseUrl?: string | undefined;
  /** `DISPATCH_POLICY` as configured (JSON-parsed): what `ponte` runs. */
  configuredPolicy?: unknown;
  /** Tests: engine settings beyond the policy. */
  environment?: Record<string, string>;
  /** How many policies' seasons run at once, each in a worker thread; 1 (the default): one after another. */
  workers?: number;
  onPolicyDone?: (policy: PolicyName, figures: PolicyFigures) => void;
}

export interface SeasonResult {
  seed: number;
  schoolDays: number;
  rosterScale: number;
  demand: {
    source: DemandShape['source'];
    requests: number;
    byLead: Record<string, number>;
    withCaseReference: number;
  };
  behaviourModel: typeof BEHAVIOUR_MODEL;
  policies: {
    policy: PolicyName;
    description: string;
    dispatchPolicy: ReturnType<typeof dispatchPolicyFor>;
    figures: PolicyFigures;
    /** The same season's figures by lead time, where they can be told apart. */
    byLead: Record<LeadClass, LeadFigures>;
    counters: PolicyRun['counters'];
    unfilledReasons: PolicyRun['unfilledReasons'];
  }[];
  /** Measures on which another policy beats `ponte`, by policy (empty when Ponte loses on none). */
  ponteLoses: Record<string, string[]>;
}

/** A seeded season under each policy in turn, the same demand and the same mediators for all. */
export async function simulateSeason(options: SeasonOptions): Promise<SeasonResult> {
  const shape = options.shape ?? demoShape;
  const demand = generateDemand({ seed: options.seed, days: options.days, shape });
  const planned = options.policies.map((policy) => ({
    policy,
    dispatchPolicy: dispatchPolicyFor(policy, options.configuredPolicy),
  }));
  const entryOf = (index: number, run: PolicyRun): SeasonResult['policies'][number] => {
    const { policy, dispatchPolicy } = planned[index] as (typeof planned)[number];
    return {
      policy,
      description: policyDescriptions[policy],
      dispatchPolicy,
      figures: figuresOf(run, options.days),
      byLead: figuresByLead(run),
      counters: run.counters,
      unfilledReasons: run.unfilledReasons,
    };
  };
  // Each run's entry is worked out once, as the run ends: for the progress, then for the result.
  const policies: SeasonResult['policies'] = [];
  await runPolicies(
    planned.map(({ dispatchPolicy }) => ({
      seed: options.seed,
      demand,
      policy: dispatchPolicy,
      scale: options.scale,
      databaseUrl: options.databaseUrl,
      ...(options.environment ? { environment: options.environment } : {}),
    })),
    {
      workers: options.workers ?? 1,
      onRunDone: (index, run) => {
        const entry = entryOf(index, run);
        policies[index] = entry;
        options.onPolicyDone?.(entry.policy, entry.figures);
      },
    },
  );
  const ponte = policies.find((entry) => entry.policy === 'ponte');
  const ponteLoses: Record<string, string[]> = {};
  if (ponte)
    for (const entry of policies)
      if (entry.policy !== 'ponte') {
        const lost = measuresPonteLoses(ponte.figures, entry.figures);
        if (lost.length > 0) ponteLoses[entry.policy] = lost;
      }
  const byLead = Object.fromEntries(
    leadClasses.map((lead) => [lead, demand.filter((request) => request.lead === lead).length]),
  );
  return {
    seed: options.seed,
    schoolDays: options.days,
    rosterScale: options.scale,
    demand: {
      source: shape.source,
      requests: demand.length,
      byLead,
      withCaseReference: demand.filter((request) => request.caseRef !== null).length,
    },
    behaviourModel: BEHAVIOUR_MODEL,
    policies,
    ponteLoses,
  };
}
