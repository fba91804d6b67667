import { and, asc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { RequestStatus, ServiceType } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import {
  districts,
  fundingLines,
  languages,
  organizations,
  requests,
  type FundingLineRow,
  type NewFundingLineRow,
} from '../../db/schema/index.js';
import { PONTE_TIME_ZONE } from '../../domain/local-time.js';
import type { UsageGroup } from '../../domain/funding.js';

export type { FundingLineRow };

/** Requests of one line alike in what they count for, with their month (`YYYY-MM`, Europe/Rome). */
export interface MonthlyUsageGroup extends UsageGroup {
  fundingLineId: string;
  month: string;
  requests: number;
}

/** One request of a line as the funder's report lists it: no names, no case reference. */
export interface ReportedRequest {
  fundingLineId: string;
  startsAt: Date;
  organizationKind: string;
  serviceType: ServiceType;
  languageCode: string;
  languageName: string;
  status: RequestStatus;
  lateCancellation: boolean;
  confirmed: boolean | null;
  durationMinutes: number;
  actualMinutes: number | null;
  /** Read only to count beneficiaries; never written to a report. */
  caseRef: string | null;
  organizationId: string;
}

const localMonth = sql<string>`to_char(${requests.startsAt} AT TIME ZONE ${sql.raw(`'${PONTE_TIME_ZONE}'`)}, 'YYYY-MM')`;

export const fundingRepository = {
  async list(db: Executor): Promise<FundingLineRow[]> {
    return db.select().from(fundingLines).orderBy(asc(fundingLines.from), asc(fundingLines.id));
  },

  async findById(db: Executor, id: string): Promise<FundingLineRow | undefined> {
    const [row] = await db.select().from(fundingLines).where(eq(fundingLines.id, id));
    return row;
  },

  /**
   * Locks a line for a charge: two requests charged to it at once are serialized here, so the second
   * sums the first's minutes before it decides whether it goes over.
   */
  async lockById(db: Executor, id: string): Promise<FundingLineRow | undefined> {
    const [row] = await db.select().from(fundingLines).where(eq(fundingLines.id, id)).for('update');
    return row;
  },

  /** Lines whose period holds the date (the domain checks the lists). */
  async findHoldingDate(db: Executor, date: string): Promise<FundingLineRow[]> {
    return db
      .select()
      .from(fundingLines)
      .where(and(lte(fundingLines.from, date), gte(fundingLines.to, date)))
      .orderBy(asc(fundingLines.from), asc(fundingLines.id));
  },

  /** Lines that have not ended before the date. */
  async findNotEndedBy(db: Executor, date: string): Promise<FundingLineRow[]> {
    return db
      .select()
      .from(fundingLines)
      .where(gte(fundingLines.to, date))
      .orderBy(asc(fundingLines.from), asc(fundingLines.id));
  },

  async insert(db: Executor, row: NewFundingLineRow): Promise<FundingLineRow> {
    const [created] = await db.insert(fundingLines).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  },

  async update(db: Executor, id: string, patch: Partial<NewFundingLineRow>): Promise<FundingLineRow | undefined> {
    const [row] = await db
      .update(fundingLines)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(fundingLines.id, id))
      .returning();
    return row;
  },

  async districtsExist(db: Executor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ id: districts.id })
      .from(districts)
      .where(inArray(districts.id, [...ids]));
    return rows.map((row) => row.id);
  },

  async organizationsExist(db: Executor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(inArray(organizations.id, [...ids]));
    return rows.map((row) => row.id);
  },

  async findOrganization(db: Executor, id: string) {
    const [row] = await db
      .select({ id: organizations.id, kind: organizations.kind, districtId: organizations.districtId })
      .from(organizations)
      .where(eq(organizations.id, id));
    return row;
  },

  /**
   * The lines' requests summed by month and by what they count for; `period` (on the start) when given.
   * `exceptRequestId` leaves one request out (the one being moved).
   */
  async usageGroups(
    db: Executor,
    lineIds: readonly string[],
    options: { period?: { from: Date; to: Date }; exceptRequestId?: string } = {},
  ): Promise<MonthlyUsageGroup[]> {
    if (lineIds.length === 0) return [];
    const conditions: SQL[] = [inArray(requests.fundingLineId, [...lineIds])];
    if (options.period) {
      conditions.push(gte(requests.startsAt, options.period.from), lt(requests.startsAt, options.period.to));
    }
    if (options.exceptRequestId) conditions.push(sql`${requests.id} <> ${options.exceptRequestId}`);
    const rows = await db
      .select({
        fundingLineId: sql<string>`${requests.fundingLineId}`,
        month: localMonth,
        status: requests.status,
        lateCancellation: requests.lateCancellation,
        confirmed: requests.confirmed,
        requests: sql<number>`count(*)::int`,
        durationMinutes: sql<number>`coalesce(sum(${requests.durationMinutes}), 0)::int`,
        actualMinutes: sql<number>`coalesce(sum(${requests.actualMinutes}), 0)::int`,
      })
      .from(requests)
      .where(and(...conditions))
      .groupBy(requests.fundingLineId, localMonth, requests.status, requests.lateCancellation, requests.confirmed);
    return rows;
  },

  /** The requests of the lines in the period, by start. */
  async reportedRequests(
    db: Executor,
    lineIds: readonly string[],
    period: { from: Date; to: Date },
  ): Promise<ReportedRequest[]> {
    if (lineIds.length === 0) return [];
    return db
      .select({
        fundingLineId: sql<string>`${requests.fundingLineId}`,
        startsAt: requests.startsAt,
        organizationKind: organizations.kind,
        serviceType: requests.serviceType,
        languageCode: requests.languageCode,
        languageName: languages.nameIt,
        status: requests.status,
        lateCancellation: requests.lateCancellation,
        confirmed: requests.confirmed,
        durationMinutes: requests.durationMinutes,
        actualMinutes: requests.actualMinutes,
        caseRef: requests.caseRef,
        organizationId: requests.organizationId,
      })
      .from(requests)
      .innerJoin(organizations, eq(organizations.id, requests.organizationId))
      .innerJoin(languages, eq(languages.code, requests.languageCode))
      .where(
        and(
          inArray(requests.fundingLineId, [...lineIds]),
          gte(requests.startsAt, period.from),
          lt(requests.startsAt, period.to),
        ),
      )
      .orderBy(asc(requests.startsAt), asc(requests.id));
  },
};
