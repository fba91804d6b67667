import { giniCoefficient } from '../src/domain/fairness.js';
import type { MediatorBehaviour } from './behaviour.js';
import { leadClasses, type LeadClass } from './demand.js';
import type { PolicyRun, RequestOutcome } from './run.js';

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
  /** Share of a case's later requests served by the mediator who served it last (unserved ones count against), in %. */
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

const isFilled = (request: RequestOutcome) => request.status === 'completed' || request.status === 'assigned';
const percentOf = (part: number, whole: number) => (whole === 0 ? null : round((100 * part) / whole, 1));

/** Share of the minutes delivered on `requests` that went to `fastest`, in %; null with no minutes at all. */
function fastestShareOf(requests: readonly RequestOutcome[], fastest: ReadonlySet<number>): number | null {
  let total = 0;
  let theirs = 0;
  for (const request of requests) {
    if (request.mediatorIndex === null) continue;
    total += request.deliveredMinutes;
    if (fastest.has(request.mediatorIndex)) theirs += request.deliveredMinutes;
  }
  return percentOf(theirs, total);
}

/**
 * Continuity: a case's later requests, in creation order, against whoever served it last, counted on the
 * later requests `counts` keeps. A later request nobody served is one the family's mediator did not serve either.
 */
function continuityOf(requests: readonly RequestOutcome[], counts: (request: RequestOutcome) => boolean) {
  const lastServer = new Map<string, number>();
  let later = 0;
  let same = 0;
  for (const request of requests) {
    if (!request.caseRef) continue;
    const key = `${request.organizationKey}/${request.caseRef}`;
    const previous = lastServer.get(key);
    const server = isFilled(request) ? request.mediatorIndex : null;
    if (previous !== undefined && counts(request)) {
      later += 1;
      if (previous === server) same += 1;
    }
    if (server !== null) lastServer.set(key, server);
  }
  return percentOf(same, later);
}

/** The active mediators (who speak a language the season asked for) and the fastest tenth of them. */
function respondersOf(run: PolicyRun) {
  const asked = new Set(run.requests.map((request) => request.languageCode));
  const active = run.roster.filter((mediator) => mediator.languageCodes.some((code) => asked.has(code)));
  const fastest = [...active]
    .sort((a, b) => usualDelay(a.behaviour) - usualDelay(b.behaviour) || a.index - b.index)
    .slice(0, Math.max(1, Math.ceil(active.length / 10)));
  return { active, fastest: new Set(fastest.map((mediator) => mediator.index)) };
}

export function figuresOf(run: PolicyRun, schoolDays: number): PolicyFigures {
  const { requests } = run;
  const { active, fastest } = respondersOf(run);
  const filled = requests.filter(isFilled);
  const urgentMinutes = filled
    .filter((request) => request.urgent && request.firstAssignedAt !== null)
    .map((request) => ((request.firstAssignedAt ?? 0) - request.createdAt) / 60_000);

  const delivered = new Map<number, number>();
  for (const request of requests)
    if (request.mediatorIndex !== null)
      delivered.set(request.mediatorIndex, (delivered.get(request.mediatorIndex) ?? 0) + request.deliveredMinutes);
  const offers = active.reduce((sum, mediator) => sum + (run.offersByMediator[mediator.index] ?? 0), 0);
  const weeks = schoolDays / 5;

  const median = quantile(urgentMinutes, 0.5);
  const p90 = quantile(urgentMinutes, 0.9);
  return {
    requests: requests.length,
    filledPercent: percentOf(filled.length, requests.length) ?? 0,
    urgentMedianMinutes: median === null ? null : round(median, 1),
    urgentP90Minutes: p90 === null ? null : round(p90, 1),
    gini: round(giniCoefficient(active.map((mediator) => delivered.get(mediator.index) ?? 0)), 3),
    fastestTenthSharePercent: fastestShareOf(requests, fastest) ?? 0,
    offersPerMediatorPerWeek: active.length === 0 || weeks === 0 ? 0 : round(offers / active.length / weeks, 2),
    continuityPercent: continuityOf(requests, () => true),
  };
}

/** The measures that can be told apart by lead time, for the requests of one lead class. */
export interface LeadFigures {
  requests: number;
  filledPercent: number | null;
  fastestTenthSharePercent: number | null;
  /** Offers sent for these requests over those filled: what a booking costs in notifications. */
  offersPerFilledRequest: number | null;
  continuityPercent: number | null;
}

/** The season's figures split by the requests' lead time: where a policy wins and loses its measures. */
export function figuresByLead(run: PolicyRun): Record<LeadClass, LeadFigures> {
  const { fastest } = respondersOf(run);
  const split = (lead: LeadClass): LeadFigures => {
    const ofLead = run.requests.filter((request) => request.lead === lead);
    const filled = ofLead.filter(isFilled).length;
    const offers = ofLead.reduce((sum, request) => sum + request.offers, 0);
    return {
      requests: ofLead.length,
      filledPercent: percentOf(filled, ofLead.length),
      fastestTenthSharePercent: fastestShareOf(ofLead, fastest),
      offersPerFilledRequest: filled === 0 ? null : round(offers / filled, 2),
      continuityPercent: continuityOf(run.requests, (request) => request.lead === lead),
    };
  };
  return Object.fromEntries(leadClasses.map((lead) => [lead, split(lead)])) as Record<LeadClass, LeadFigures>;
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

const leadLabels: Record<LeadClass, string> = {
  under_24h: 'under 24 h',
  one_to_three_days: '1–3 days',
  planned: 'planned',
};

/** The second table printed: each policy's figures by lead time. */
export function formatLeadTable(rows: { policy: string; byLead: Record<LeadClass, LeadFigures> }[]): string {
  const header = [
    'policy',
    'lead time',
    'requests',
    'filled %',
    'fastest 10 % share %',
    'offers/request filled',
    'continuity %',
  ];
  const cell = (value: number | null) => (value === null ? '–' : String(value));
  const body = rows.flatMap(({ policy, byLead }) =>
    leadClasses.map((lead) => {
      const figures = byLead[lead];
      return [
        policy,
        leadLabels[lead],
        String(figures.requests),
        cell(figures.filledPercent),
        cell(figures.fastestTenthSharePercent),
        cell(figures.offersPerFilledRequest),
        cell(figures.continuityPercent),
      ];
    }),
  );
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
