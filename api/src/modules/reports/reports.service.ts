import { labels } from '@ponte/shared';
import type {
  FairnessReport,
  GapRow,
  GapsReport,
  MatchingSnapshot,
  OrganizationKind,
  ReportGroupBy,
  ReportPeriodQuery,
  ServiceType,
  SummaryFigures,
  SummaryReport,
} from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { giniCoefficient } from '../../domain/fairness.js';
import { localDateTimeToInstant } from '../../domain/local-time.js';
import { fieldError } from '../../lib/errors.js';
import type { Dispatcher } from '../dispatch/dispatch.service.js';
import { snapshotOfRanking } from '../../domain/matching-snapshot.js';
import { addReasons, storedSnapshot, topReasons } from './gap-reasons.js';
import { reportsRepository, type ReportPeriod, type SummaryRecord } from './reports.repository.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const byCodeUnits = (first: string, second: string) => (first < second ? -1 : first > second ? 1 : 0);
/** Re-ranking runs its queries one after another; a few requests at a time keep the gap report quick without hogging the pool. */
const RERANK_CONCURRENCY = 4;

const monthNames = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

const EMPTY_FIGURES: SummaryFigures = Object.freeze({
  requests: 0,
  assigned: 0,
  unfilled: 0,
  cancelled: 0,
  lateCancelled: 0,
  completed: 0,
  minutesDelivered: 0,
  medianMinutesToAssign: null,
  p90MinutesToAssign: null,
});

/** A calendar date is local midnight in Europe/Rome; anything else is an instant with its offset (the schema checked its shape). */
function reportBoundToInstant(bound: string, field: 'from' | 'to'): Date {
  let instant: Date;
  try {
    instant = LOCAL_DATE.test(bound) ? localDateTimeToInstant(bound, '00:00') : new Date(bound);
  } catch {
    instant = new Date(Number.NaN);
  }
  if (Number.isNaN(instant.getTime())) throw fieldError(`querystring.${field}`, 'is not a valid date or time');
  return instant;
}

/** `[from, to)`; a `to` that is not after `from` is bad input, named like a schema error. */
export function resolvePeriod(query: ReportPeriodQuery): ReportPeriod {
  const period = { from: reportBoundToInstant(query.from, 'from'), to: reportBoundToInstant(query.to, 'to') };
  if (period.to <= period.from) throw fieldError('querystring.to', 'must be after from');
  return period;
}

const figuresOf = (record: SummaryRecord): SummaryFigures => ({
  requests: record.requests,
  assigned: record.assigned,
  unfilled: record.unfilled,
  cancelled: record.cancelled,
  lateCancelled: record.lateCancelled,
  completed: record.completed,
  minutesDelivered: record.minutesDelivered,
  medianMinutesToAssign: record.medianMinutesToAssign,
  p90MinutesToAssign: record.p90MinutesToAssign,
});

function monthLabel(key: string): string {
  const [year, month] = key.split('-');
  return `${monthNames[Number(month) - 1] ?? month} ${year}`;
}

/** Runs `work` over the items, at most `limit` at a time, keeping the results in the items' order. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The funder's reports (API.md, Reports). Coordinators only: the routes refuse every other role.
 * Figures come from columns the retention job keeps, so they survive the erasure of personal data.
 */
export function createReportsService({ db }: AppContext, dispatcher: Dispatcher) {
  async function labeller(groupBy: ReportGroupBy): Promise<(key: string) => string> {
    switch (groupBy) {
      case 'district': {
        const names = await reportsRepository.districtNames(db);
        return (key) => names.get(key) ?? key;
      }
      case 'language': {
        const names = await reportsRepository.languageNames(db);
        return (key) => names.get(key) ?? key;
      }
      case 'organizationKind':
        return (key) => labels.it.organizationKind[key as OrganizationKind] ?? key;
      case 'serviceType':
        return (key) => labels.it.serviceType[key as ServiceType] ?? key;
      case 'month':
        return monthLabel;
    }
  }

  /**
   * What matching says of the speakers of unfilled requests whose event predates the snapshot dispatch
   * now stores: each is ranked again as of the moment it became unfilled. Re-ranking sees today's
   * rosters, availability and bookings, so it is an approximation of the past.
   */
  async function rerankedAtUnfilled(
    requests: { id: string; at: string | null }[],
  ): Promise<Map<string, MatchingSnapshot>> {
    const unfilledAt = new Map(requests.map((request) => [request.id, request.at]));
    const rows = await reportsRepository.findByIds(db, [...unfilledAt.keys()]);
    const snapshots = await mapWithConcurrency(rows, RERANK_CONCURRENCY, async (row) => {
      const at = unfilledAt.get(row.id);
      return [row.id, snapshotOfRanking(await dispatcher.rank(db, row, at ? new Date(at) : row.updatedAt))] as const;
    });
    return new Map(snapshots);
  }

  return {
    async summary(query: ReportPeriodQuery & { groupBy: ReportGroupBy }): Promise<SummaryReport> {
      const period = resolvePeriod(query);
      const [records, label] = await Promise.all([
        reportsRepository.summary(db, period, query.groupBy),
        labeller(query.groupBy),
      ]);
      const totals = records.find((record) => record.isTotal);
      return {
        groupBy: query.groupBy,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        rows: records
          .filter((record) => !record.isTotal && record.key !== null)
          .map((record) => ({ key: record.key ?? '', label: label(record.key ?? ''), ...figuresOf(record) })),
        totals: totals ? figuresOf(totals) : { ...EMPTY_FIGURES },
      };
    },

    /** Where demand goes unmet: language × district of the requests that became unfilled, with why. */
    async gaps(query: ReportPeriodQuery): Promise<GapsReport> {
      const period = resolvePeriod(query);
      // The first time each request became unfilled is the moment the report explains: the dispatcher
      // recorded why nobody could go then; only events older than that record are ranked again.
      const unfilled = await reportsRepository.findEverUnfilled(db, period);
      const snapshots = unfilled.map((request) => storedSnapshot({ matching: request.matching }));
      const reranked = await rerankedAtUnfilled(unfilled.filter((_, index) => !snapshots[index]));

      const groups = new Map<
        string,
        {
          languageCode: string;
          districtId: string;
          unfilled: number;
          remoteFallbacks: number;
          reasons: Map<string, number>;
        }
      >();
      const groupOf = (languageCode: string, districtId: string) => {
        const key = `${languageCode}\u0000${districtId}`;
        let group = groups.get(key);
        if (!group) {
          group = { languageCode, districtId, unfilled: 0, remoteFallbacks: 0, reasons: new Map() };
          groups.set(key, group);
        }
        return group;
      };
      unfilled.forEach((request, index) => {
        const group = groupOf(request.languageCode, request.districtId);
        group.unfilled += 1;
        addReasons(group.reasons, (snapshots[index] ?? reranked.get(request.id)) as MatchingSnapshot);
      });
      for (const fallback of await reportsRepository.remoteFallbackCounts(db, period))
        groupOf(fallback.languageCode, fallback.districtId).remoteFallbacks += fallback.count;

      const [districtNames, languageNames] = await Promise.all([
        reportsRepository.districtNames(db),
        reportsRepository.languageNames(db),
      ]);
      const rows: GapRow[] = [...groups.values()]
        .map((group) => ({
          languageCode: group.languageCode,
          languageName: languageNames.get(group.languageCode) ?? group.languageCode,
          districtId: group.districtId,
          districtName: districtNames.get(group.districtId) ?? group.districtId,
          unfilled: group.unfilled,
          remoteFallbacks: group.remoteFallbacks,
          topExclusionReasons: topReasons(group.reasons),
        }))
        .sort(
          (first, second) =>
            second.unfilled - first.unfilled ||
            second.remoteFallbacks - first.remoteFallbacks ||
            byCodeUnits(first.languageCode, second.languageCode) ||
            byCodeUnits(first.districtId, second.districtId),
        );
      return { from: period.from.toISOString(), to: period.to.toISOString(), rows };
    },

    /** Who gets the work: offered and delivered minutes of every active mediator, and how unevenly delivery is shared. */
    async fairness(query: ReportPeriodQuery): Promise<FairnessReport> {
      const period = resolvePeriod(query);
      const mediators = await reportsRepository.workloads(db, period);
      const gini = giniCoefficient(mediators.map((mediator) => mediator.minutesDelivered));
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        gini: Math.round(gini * 10_000) / 10_000,
        mediators,
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
