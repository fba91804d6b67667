import { FairnessReport, GapsReport, SummaryReport, type ReportGroupBy } from '@ponte/shared';
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import { api, ApiError } from '@/api/client';
import { failureMessage } from '@/components/coordinator/form-messages';
import { downloadFile, saveFile } from '@/components/coordinator/reports/csv-download';
import { monthsOf, toApiPeriod, type ReportPeriod } from '@/components/coordinator/reports/period';
import type { FormMessage } from '@/lib/form-errors';

/** One part of the report page: what it shows, whether it is loading, and why it failed. */
export interface ReportSection<Data> {
  data: Data | null;
  loading: boolean;
  failure: FormMessage | null;
}

/** Minutes delivered per district in one month of the period (the stacked bars). */
export interface DistrictMonth {
  /** `YYYY-MM` */
  month: string;
  districts: { key: string; label: string; minutesDelivered: number }[];
}

/**
 * The summary groups by one key; hours by district *and* month take one district summary per month.
 * Beyond two years that is too many calls for a chart nobody could read: the page says so instead.
 */
export const MAX_CHART_MONTHS = 24;
/** District summaries asked at once: a year of months without queueing a dozen report queries at the server. */
const MONTH_CONCURRENCY = 4;

async function inBatches<Item, Result>(
  items: readonly Item[],
  size: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let index = 0; index < items.length; index += size) {
    results.push(...(await Promise.all(items.slice(index, index + size).map(work))));
  }
  return results;
}

const emptySection = <Data>(): ReportSection<Data> => ({ data: null, loading: false, failure: null });

/**
 * The funder's reports for a period: the summary cut as the coordinator chooses, the month-by-month
 * figures behind the charts, unmet demand and how evenly the work is shared. Each part loads and fails
 * on its own, and a slower answer for an older period never replaces a newer one.
 */
export const useCoordinatorReportsStore = defineStore('coordinator-reports', () => {
  const summary = reactive(emptySection<SummaryReport>());
  /** The summary by month, for activation times (the same as `summary` when that is cut by month). */
  const monthly = reactive(emptySection<SummaryReport>());
  const districtMonths = reactive(emptySection<DistrictMonth[]>());
  const gaps = reactive(emptySection<GapsReport>());
  const fairness = reactive(emptySection<FairnessReport>());
  const download = reactive({ busy: false, failure: null as FormMessage | null });

  const generations = new Map<object, number>();

  async function fill<Data>(section: ReportSection<Data>, fetchData: () => Promise<Data>): Promise<void> {
    const mine = (generations.get(section) ?? 0) + 1;
    generations.set(section, mine);
    section.loading = true;
    section.failure = null;
    try {
      const data = await fetchData();
      if (generations.get(section) !== mine) return;
      section.data = data;
    } catch (error) {
      if (generations.get(section) !== mine) return;
      if (!(error instanceof ApiError)) console.error(error);
      section.data = null;
      section.failure = failureMessage(error);
    } finally {
      if (generations.get(section) === mine) section.loading = false;
    }
  }

  const fetchSummary = (period: ReportPeriod, groupBy: ReportGroupBy) =>
    api.request('GET', '/api/reports/summary', { query: { ...toApiPeriod(period), groupBy }, schema: SummaryReport });

  async function fetchDistrictMonths(period: ReportPeriod): Promise<DistrictMonth[]> {
    const months = monthsOf(period);
    if (months.length > MAX_CHART_MONTHS) return [];
    return inBatches(months, MONTH_CONCURRENCY, async (month) => {
      const report = await api.request('GET', '/api/reports/summary', {
        query: { ...month.query, groupBy: 'district' },
        schema: SummaryReport,
      });
      return {
        month: month.key,
        districts: report.rows.map((row) => ({
          key: row.key,
          label: row.label,
          minutesDelivered: row.minutesDelivered,
        })),
      };
    });
  }

  function loadSummary(period: ReportPeriod, groupBy: ReportGroupBy): Promise<void> {
    return fill(summary, () => fetchSummary(period, groupBy));
  }

  /** Everything on the page for a period. */
  async function load(period: ReportPeriod, groupBy: ReportGroupBy): Promise<void> {
    const query = toApiPeriod(period);
    // Cut by month, the table and the activation chart read the same answer.
    const byMonth = groupBy === 'month' ? fetchSummary(period, 'month') : null;
    await Promise.all([
      fill(summary, () => byMonth ?? fetchSummary(period, groupBy)),
      fill(monthly, () => byMonth ?? fetchSummary(period, 'month')),
      fill(districtMonths, () => fetchDistrictMonths(period)),
      fill(gaps, () => api.request('GET', '/api/reports/gaps', { query, schema: GapsReport })),
      fill(fairness, () => api.request('GET', '/api/reports/fairness', { query, schema: FairnessReport })),
    ]);
  }

  /** The summary rows as the API's CSV (Italian spreadsheet conventions), saved under the server's file name, which it returns. */
  async function downloadSummaryCsv(period: ReportPeriod, groupBy: ReportGroupBy): Promise<string | null> {
    const query = toApiPeriod(period);
    download.busy = true;
    download.failure = null;
    try {
      const file = await downloadFile('/api/reports/summary', {
        accept: 'text/csv',
        query: { ...query, groupBy },
        fallbackName: `ponte-riepilogo-${query.from}-${query.to}.csv`,
      });
      saveFile(file);
      return file.fileName;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      download.failure = failureMessage(error);
      return null;
    } finally {
      download.busy = false;
    }
  }

  return { summary, monthly, districtMonths, gaps, fairness, download, load, loadSummary, downloadSummaryCsv };
});
