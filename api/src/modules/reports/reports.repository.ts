import { and, count, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { ReportGroupBy } from '@ponte/shared';
import { rowsOf, type Executor } from '../../db/client.js';
import { isoTime } from '../../db/iso-time.js';
import { districts, languages, requests } from '../../db/schema/index.js';
import { PONTE_TIME_ZONE } from '../../domain/local-time.js';
import type { RequestRow } from '../../db/schema/index.js';

export interface ReportPeriod {
  from: Date;
  to: Date;
}

/** One grouped row of the summary as the database computes it; `key` is null on the totals row. */
export interface SummaryRecord {
  key: string | null;
  isTotal: boolean;
  requests: number;
  assigned: number;
  unfilled: number;
  cancelled: number;
  lateCancelled: number;
  completed: number;
  minutesDelivered: number;
  medianMinutesToAssign: number | null;
  p90MinutesToAssign: number | null;
}

export interface EverUnfilled {
  id: string;
  languageCode: string;
  districtId: string;
  /** `data.matching` of the first 'unfilled' event, as stored. */
  matching: unknown;
  /** When it became unfilled (the first such event, ISO 8601); null without an event. */
  at: string | null;
}

export interface WorkloadRecord {
  mediatorId: string;
  fullName: string;
  minutesOffered: number;
  minutesDelivered: number;
}

/**
 * The grouping of each cut (a closed list, so no caller text ever reaches the SQL): what rows are
 * grouped by, and how the group's key is written. Months group on the local month's first instant and
 * are formatted once per group: formatting each of a year's rows as text cost ~50 ms more (measured).
 */
const byCode = (column: SQL) => ({ by: column, key: sql`group_by`, order: sql`group_by COLLATE "C"` });
const groupings: Record<ReportGroupBy, { by: SQL; key: SQL; order: SQL }> = {
  district: byCode(sql`r.district_id`),
  language: byCode(sql`r.language_code`),
  organizationKind: byCode(sql`o.kind`),
  serviceType: byCode(sql`r.service_type`),
  month: {
    by: sql`date_trunc('month', r.starts_at AT TIME ZONE ${sql.raw(`'${PONTE_TIME_ZONE}'`)})`,
    key: sql`to_char(group_by, 'YYYY-MM')`,
    order: sql`group_by`,
  },
};

const iso = (date: Date) => date.toISOString();

/**
 * Runs a report query in a transaction of its own with settings fit for it:
 * - no JIT: a year of requests makes the planner's cost pass jit_above_cost, and compiling the query
 *   then costs about a second, several times the query itself (measured; BENCHMARKS.md, issue 6);
 * - more sort memory, so sorting a year of requests by group stays in memory instead of on disk.
 * set_config(…, true) is SET LOCAL as one SELECT, which PGlite's extended protocol accepts too.
 */
async function reportSession<T>(db: Executor, query: (session: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);
    return query(transaction);
  });
}

/**
 * Every report reads only columns the retention job keeps (status, times, district, language, service,
 * minutes, confirmation, organization kind, events' types): erasing personal data never moves a figure.
 */
export const reportsRepository = {
  /**
   * One pass over the period's requests, grouped by the chosen key plus a grand-total grouping set, so
   * the totals' median is the median of all requests, not a median of medians. See reportSession for
   * the settings it runs under, and BENCHMARKS.md (issue 6) for its cost over a year of requests.
   */
  async summary(db: Executor, period: ReportPeriod, groupBy: ReportGroupBy): Promise<SummaryRecord[]> {
    const organizationJoin =
      groupBy === 'organizationKind' ? sql`JOIN organizations o ON o.id = r.organization_id` : sql``;
    const result = await reportSession(db, (session) =>
      session.execute(sql`
        WITH period AS (
          SELECT ${groupings[groupBy].by} AS group_by,
                 r.status,
                 r.late_cancellation,
                 r.actual_minutes,
                 r.confirmed,
                 r.assigned_at IS NOT NULL AS assigned,
                 -- date_part gives the double precision percentile_cont sorts; EXTRACT's numeric would be converted row by row.
                 date_part('epoch', r.assigned_at - r.created_at) / 60 AS minutes_to_assign,
                 (r.status = 'unfilled' OR ever_unfilled.request_id IS NOT NULL) AS ever_unfilled
          FROM requests r
          ${organizationJoin}
          -- The 'unfilled' events alone, read from their partial index (requests.ts), joined by hash.
          LEFT JOIN (SELECT DISTINCT request_id FROM request_events WHERE type = 'unfilled') ever_unfilled ON ever_unfilled.request_id = r.id
          WHERE r.starts_at >= ${iso(period.from)} AND r.starts_at < ${iso(period.to)}
        )
        SELECT ${groupings[groupBy].key} AS key,
               GROUPING(group_by) = 1 AS "isTotal",
               count(*)::int AS requests,
               count(*) FILTER (WHERE assigned)::int AS assigned,
               count(*) FILTER (WHERE ever_unfilled)::int AS unfilled,
               count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
               count(*) FILTER (WHERE status = 'cancelled' AND late_cancellation)::int AS "lateCancelled",
               count(*) FILTER (WHERE status = 'completed')::int AS completed,
               COALESCE(sum(actual_minutes) FILTER (WHERE status = 'completed' AND confirmed), 0)::int AS "minutesDelivered",
               round((percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes_to_assign))::numeric, 1)::float8 AS "medianMinutesToAssign",
               round((percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes_to_assign))::numeric, 1)::float8 AS "p90MinutesToAssign"
        FROM period
        GROUP BY GROUPING SETS ((group_by), ())
        ORDER BY "isTotal", ${groupings[groupBy].order}`),
    );
    return rowsOf<SummaryRecord>(result);
  },

  /**
   * Requests of the period that became unfilled (the status, or an 'unfilled' event), oldest start first,
   * each with what its first 'unfilled' event recorded of the matching (`data.matching`, null when the
   * event predates it or there is no event) and when that was: only the columns the gap report groups by.
   */
  async findEverUnfilled(db: Executor, period: ReportPeriod): Promise<EverUnfilled[]> {
    const result = await reportSession(db, (session) =>
      session.execute(sql`
        SELECT r.id, r.language_code AS "languageCode", r.district_id AS "districtId",
               first_unfilled.matching, first_unfilled.at
        FROM requests r
        LEFT JOIN LATERAL (
          SELECT e.data -> 'matching' AS matching, ${isoTime(sql`e.at`)} AS at FROM request_events e
          WHERE e.request_id = r.id AND e.type = 'unfilled' ORDER BY e.id LIMIT 1
        ) first_unfilled ON true
        WHERE r.starts_at >= ${iso(period.from)} AND r.starts_at < ${iso(period.to)}
          AND (r.status = 'unfilled' OR first_unfilled.at IS NOT NULL)
        ORDER BY r.starts_at, r.id`),
    );
    return rowsOf<EverUnfilled>(result);
  },

  /** Whole rows, for the few unfilled requests whose event predates the recorded matching (re-ranked). */
  async findByIds(db: Executor, ids: string[]): Promise<RequestRow[]> {
    if (ids.length === 0) return [];
    return db.select().from(requests).where(inArray(requests.id, ids));
  },

  /** How many of the period's in-person requests switched to their remote fallback, per language and district. */
  async remoteFallbackCounts(
    db: Executor,
    period: ReportPeriod,
  ): Promise<{ languageCode: string; districtId: string; count: number }[]> {
    return db
      .select({ languageCode: requests.languageCode, districtId: requests.districtId, count: count().as('count') })
      .from(requests)
      .where(
        and(
          gte(requests.startsAt, period.from),
          lt(requests.startsAt, period.to),
          eq(requests.originalMode, 'in_person'),
        ),
      )
      .groupBy(requests.languageCode, requests.districtId);
  },

  /** Active mediators, those without any work included, with what they were offered and delivered in the period. */
  async workloads(db: Executor, period: ReportPeriod): Promise<WorkloadRecord[]> {
    const result = await reportSession(db, (session) =>
      session.execute(sql`
        SELECT m.id AS "mediatorId",
               m.full_name AS "fullName",
               COALESCE(offered.minutes, 0)::int AS "minutesOffered",
               COALESCE(delivered.minutes, 0)::int AS "minutesDelivered"
        FROM mediators m
        LEFT JOIN (
          SELECT o.mediator_id, sum(r.duration_minutes) AS minutes
          FROM offers o JOIN requests r ON r.id = o.request_id
          WHERE r.starts_at >= ${iso(period.from)} AND r.starts_at < ${iso(period.to)}
          GROUP BY o.mediator_id
        ) offered ON offered.mediator_id = m.id
        LEFT JOIN (
          SELECT r.assigned_mediator_id AS mediator_id, sum(r.actual_minutes) AS minutes
          FROM requests r
          WHERE r.status = 'completed' AND r.confirmed AND r.starts_at >= ${iso(period.from)} AND r.starts_at < ${iso(period.to)}
          GROUP BY r.assigned_mediator_id
        ) delivered ON delivered.mediator_id = m.id
        WHERE m.active
        ORDER BY m.full_name, m.id`),
    );
    return rowsOf<WorkloadRecord>(result);
  },

  async districtNames(db: Executor): Promise<Map<string, string>> {
    const rows = await db.select({ id: districts.id, name: districts.name }).from(districts);
    return new Map(rows.map((row) => [row.id, row.name]));
  },

  async languageNames(db: Executor): Promise<Map<string, string>> {
    const rows = await db.select({ code: languages.code, name: languages.nameIt }).from(languages);
    return new Map(rows.map((row) => [row.code, row.name]));
  },
};
