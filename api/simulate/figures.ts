import { giniCoefficient } from '../src/domain/fairness.js';
import type { MediatorBehaviour } from './behaviour.js';
import type { PolicyRun } from './run.js';

export interface PolicyFigures {
  requests: number;
  /** Requests whose booking stood to the end (completed, or still assigned), in %. */
  filledPercent: number;
  /** Minutes from creation to the first accept, urgent requests (lead under 24 h) that were filled. */
  urgentMedianMinutes: number | null;
  urgentP90Minutes: number | null;
  /** Gini of minutes delivered among active mediators (those who speak a language the season asked for). */
  gini: number;
  /** Share of minutes delivered by the fastest 10 % of responders (by their usual delay), in %. */
  fastestTenthSharePercent: number;
  offersPerMediatorPerWeek: number;
  /** Share of a case's later filled requests served by the mediator who served it last, in %. */
  continuityPercent: number | null;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** The q-quantile by the nearest-rank method (q in (0, 1]); null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

/** How quickly someone usually answers, for ranking responders: twice-a-day readers wait for their reading time. */
function usualDelay(behaviour: MediatorBehaviour): number {
  return behaviour.kind === 'twice_a_day' ? 6 * 60 + behaviour.medianDelayMinutes : behaviour.medianDelayMinutes;
}

export function figuresOf(run: PolicyRun, schoolDays: number): PolicyFigures {
  const { requests } = run;
  const asked = new Set(requests.map((request) => request.languageCode));
  const active = run.roster.filter((mediator) => mediator.languageCodes.some((code) => asked.has(code)));
  const filled = requests.filter((request) => request.status === 'completed' || request.status === 'assigned');
  const urgentMinutes = requests
    .filter((request) => request.urgent && request.firstAssignedAt !== null && filled.includes(request))
    .map((request) => ((request.firstAssignedAt ?? 0) - request.createdAt) / 60_000);

  const delivered = new Map<number, number>();
  for (const request of requests)
    if (request.mediatorIndex !== null)
      delivered.set(request.mediatorIndex, (delivered.get(request.mediatorIndex) ?? 0) + request.deliveredMinutes);
  const minutesOf = (index: number) => delivered.get(index) ?? 0;
  const totalMinutes = active.reduce((sum, mediator) => sum + minutesOf(mediator.index), 0);
  const fastest = [...active]
    .sort((a, b) => usualDelay(a.behaviour) - usualDelay(b.behaviour) || a.index - b.index)
    .slice(0, Math.max(1, Math.ceil(active.length / 10)));
  const fastestMinutes = fastest.reduce((sum, mediator) => sum + minutesOf(mediator.index), 0);

  const offers = active.reduce((sum, mediator) => sum + (run.offersByMediator[mediator.index] ?? 0), 0);
  const weeks = schoolDays / 5;

  // Continuity: a case's later requests, in creation order, against whoever served it last. A later
  // request nobody served is one the family's mediator did not serve either.
  const lastServer = new Map<string, number>();
  let later = 0;
  let same = 0;
  for (const request of requests) {
    if (!request.caseRef) continue;
    const key = `${request.organizationKey}/${request.caseRef}`;
    const previous = lastServer.get(key);
    const server = filled.includes(request) ? request.mediatorIndex : null;
    if (previous !== undefined) {
      later += 1;
      if (previous === server) same += 1;
    }
    if (server !== null) lastServer.set(key, server);
  }

  const median = quantile(urgentMinutes, 0.5);
  const p90 = quantile(urgentMinutes, 0.9);
  return {
    requests: requests.length,
    filledPercent: requests.length === 0 ? 0 : round((100 * filled.length) / requests.length, 1),
    urgentMedianMinutes: median === null ? null : round(median, 1),
    urgentP90Minutes: p90 === null ? null : round(p90, 1),
    gini: round(giniCoefficient(active.map((mediator) => minutesOf(mediator.index))), 3),
    fastestTenthSharePercent: totalMinutes === 0 ? 0 : round((100 * fastestMinutes) / totalMinutes, 1),
    offersPerMediatorPerWeek: active.length === 0 || weeks === 0 ? 0 : round(offers / active.length / weeks, 2),
    continuityPercent: later === 0 ? null : round((100 * same) / later, 1),
  };
}

/** Which way each measure is better, for the comparison with Ponte's defaults. */
export const better: Record<keyof PolicyFigures, 'higher' | 'lower' | null> = {
  requests: null,
  filledPercent: 'higher',
  urgentMedianMinutes: 'lower',
  urgentP90Minutes: 'lower',
  gini: 'lower',
  fastestTenthSharePercent: 'lower',
  offersPerMediatorPerWeek: 'lower',
  continuityPercent: 'higher',
};

export const columns: [keyof PolicyFigures, string][] = [
  ['requests', 'requests'],
  ['filledPercent', 'filled %'],
  ['urgentMedianMinutes', 'urgent median min'],
  ['urgentP90Minutes', 'urgent p90 min'],
  ['gini', 'Gini'],
  ['fastestTenthSharePercent', 'fastest 10 % share %'],
  ['offersPerMediatorPerWeek', 'offers/mediator/week'],
  ['continuityPercent', 'continuity %'],
];

/** The table printed on stdout (and pasted in the README): one row per policy. */
export function formatTable(rows: { policy: string; figures: PolicyFigures }[]): string {
  const header = ['policy', ...columns.map(([, label]) => label)];
  const body = rows.map(({ policy, figures }) => [
    policy,
    ...columns.map(([key]) => {
      const value = figures[key];
      return value === null ? '–' : String(value);
    }),
  ]);
  const lines = [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

/** The measures on which `policy` beats Ponte (`ponte`), by the direction each is better in. */
export function measuresPonteLoses(ponte: PolicyFigures, other: PolicyFigures): (keyof PolicyFigures)[] {
  return columns
    .map(([key]) => key)
    .filter((key) => {
      const direction = better[key];
      const mine = ponte[key];
      const theirs = other[key];
      if (!direction || mine === null || theirs === null) return false;
      return direction === 'higher' ? theirs > mine : theirs < mine;
    });
}
