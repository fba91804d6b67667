import {
  serviceTypesByKind,
  type FundingLine,
  type FundingLinePatch,
  type FundingReport,
  type FundingReportRow,
  type OrganizationBudget,
  type ReportPeriodQuery,
} from '@ponte/shared';
import type { z } from 'zod';
import type { FundingLineCreate as FundingLineCreateSchema } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import {
  chargedMinutes,
  chargeKind,
  chooseFundingLine,
  decideCharge,
  lineUsage,
  localStartDate,
  type ChargeDecision,
  type ChargedRequest,
  type LineUsage,
} from '../../domain/funding.js';
import { fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { resolvePeriod } from '../reports/reports.service.js';
import {
  fundingRepository,
  type FundingLineRow,
  type MonthlyUsageGroup,
  type ReportedRequest,
} from './funding.repository.js';

type FundingLineInput = z.output<typeof FundingLineCreateSchema>;

/** What the dispatch module asks when it creates a request or moves its charge (see createDispatcher). */
export interface FundingCharger {
  /** The first covering line, locked, and what charging the new request to it means. */
  chargeNew(executor: Executor, request: ChargedRequest & { durationMinutes: number }): Promise<Charge>;
  /** Charging a request (left out of the sums) to a given line, locked; undefined when there is no such line. */
  chargeTo(
    executor: Executor,
    lineId: string,
    request: { id: string; durationMinutes: number },
  ): Promise<Charge | undefined>;
}

export interface Charge extends ChargeDecision {
  line: { id: string; name: string } | null;
  usage: LineUsage | null;
}

/** Months of a line's period, `YYYY-MM`, first to last. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last || months.length > 240) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function byMonthOf(line: FundingLineRow, groups: readonly MonthlyUsageGroup[]) {
  const months = new Map(
    monthsOf(line.from, line.to).map((month) => [month, { deliveredMinutes: 0, bookedMinutes: 0 }]),
  );
  for (const group of groups) {
    const charged = chargedMinutes(group);
    const entry = months.get(group.month) ?? { deliveredMinutes: 0, bookedMinutes: 0 };
    entry.deliveredMinutes += charged.delivered;
    entry.bookedMinutes += charged.booked;
    months.set(group.month, entry);
  }
  return [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, figures]) => ({ month, ...figures }));
}

function toFundingLine(line: FundingLineRow, groups: readonly MonthlyUsageGroup[]): FundingLine {
  const own = groups.filter((group) => group.fundingLineId === line.id);
  return {
    id: line.id,
    name: line.name,
    funder: line.funder,
    code: line.code,
    from: line.from,
    to: line.to,
    organizationIds: line.organizationIds,
    districtIds: line.districtIds,
    serviceTypes: line.serviceTypes,
    overBudget: line.overBudget,
    ...lineUsage(line.budgetMinutes, own),
    awaitingApproval: own
      .filter((group) => group.status === 'awaiting_approval')
      .reduce((sum, group) => sum + group.requests, 0),
    byMonth: byMonthOf(line, own),
    createdAt: line.createdAt.toISOString(),
  };
}

/** Distinct case references (per organization: a case is the pair), plus each request without one. */
export function countBeneficiaries(served: readonly Pick<ReportedRequest, 'caseRef' | 'organizationId'>[]): number {
  const cases = new Set<string>();
  let withoutCase = 0;
  for (const request of served) {
    if (request.caseRef === null) withoutCase += 1;
    else cases.add(JSON.stringify([request.organizationId, request.caseRef]));
  }
  return cases.size + withoutCase;
}

/** A request that uses its line's hours: booked or delivered. */
export const usesHours = (request: ReportedRequest) => chargeKind(request) !== 'none';

/** The minutes a listed request delivered (0 while only booked). */
export const deliveredMinutesOf = (request: ReportedRequest) =>
  chargedMinutes({ ...request, actualMinutes: request.actualMinutes ?? 0 }).delivered;

export interface FundingReportDetail {
  report: FundingReport;
  /** Each row's requests of the period that use its hours, for the spreadsheet's sheets. */
  requestsByLine: Map<string, ReportedRequest[]>;
}

export function createFundingService({ db, clock }: AppContext) {
  async function assertReferences(input: {
    organizationIds?: string[] | undefined;
    districtIds?: string[] | undefined;
  }) {
    if (input.districtIds) {
      const known = new Set(await fundingRepository.districtsExist(db, input.districtIds));
      const index = input.districtIds.findIndex((id) => !known.has(id));
      if (index >= 0) throw fieldError(`districtIds.${index}`, 'no such district');
    }
    if (input.organizationIds) {
      const known = new Set(await fundingRepository.organizationsExist(db, input.organizationIds));
      const index = input.organizationIds.findIndex((id) => !known.has(id));
      if (index >= 0) throw fieldError(`organizationIds.${index}`, 'no such organization');
    }
  }

  async function describe(executor: Executor, line: FundingLineRow): Promise<FundingLine> {
    return toFundingLine(line, await fundingRepository.usageGroups(executor, [line.id]));
  }

  async function chargeOf(
    executor: Executor,
    line: FundingLineRow | undefined | null,
    durationMinutes: number,
    exceptRequestId?: string,
  ): Promise<Charge> {
    if (!line) return { ...decideCharge(null, null, durationMinutes), line: null, usage: null };
    const groups = await fundingRepository.usageGroups(executor, [line.id], exceptRequestId ? { exceptRequestId } : {});
    const usage = lineUsage(line.budgetMinutes, groups);
    return { ...decideCharge(line, usage, durationMinutes), line: { id: line.id, name: line.name }, usage };
  }

  const charger: FundingCharger = {
    async chargeNew(executor, request) {
      const candidates = await fundingRepository.findHoldingDate(executor, localStartDate(request.startsAt));
      const chosen = chooseFundingLine(candidates, request);
      const locked = chosen ? await fundingRepository.lockById(executor, chosen.id) : undefined;
      // A coordinator may have changed the line between the read and the lock: choose again from what is locked.
      const line = locked && chooseFundingLine([locked], request) ? locked : null;
      return chargeOf(executor, line, request.durationMinutes);
    },

    async chargeTo(executor, lineId, request) {
      const line = await fundingRepository.lockById(executor, lineId);
      if (!line) return undefined;
      return chargeOf(executor, line, request.durationMinutes, request.id);
    },
  };

  return {
    charger,

    async list(page: { limit: number; offset: number }): Promise<{ items: FundingLine[]; total: number }> {
      const all = await fundingRepository.list(db);
      const lines = all.slice(page.offset, page.offset + page.limit);
      const groups = await fundingRepository.usageGroups(
        db,
        lines.map((line) => line.id),
      );
      return { items: lines.map((line) => toFundingLine(line, groups)), total: all.length };
    },

    async get(id: string): Promise<FundingLine> {
      const line = await fundingRepository.findById(db, id);
      if (!line) throw notFound('Funding line');
      return describe(db, line);
    },

    async create(input: FundingLineInput): Promise<FundingLine> {
      await assertReferences(input);
      const line = await fundingRepository.insert(db, {
        name: input.name,
        funder: input.funder,
        code: input.code || null,
        from: input.from,
        to: input.to,
        budgetMinutes: input.budgetMinutes,
        organizationIds: [...new Set(input.organizationIds)],
        districtIds: [...new Set(input.districtIds)],
        serviceTypes: [...new Set(input.serviceTypes)],
        overBudget: input.overBudget,
      });
      return describe(db, line);
    },

    async update(id: string, patch: FundingLinePatch): Promise<FundingLine> {
      await assertReferences(patch);
      return db.transaction(async (transaction) => {
        const current = await fundingRepository.lockById(transaction, id);
        if (!current) throw notFound('Funding line');
        const from = patch.from ?? current.from;
        const to = patch.to ?? current.to;
        if (from > to)
          throw fieldError(patch.to ? 'to' : 'from', patch.to ? 'must not be before from' : 'must not be after to');
        const updated = await fundingRepository.update(transaction, id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.funder !== undefined ? { funder: patch.funder } : {}),
          ...(patch.code !== undefined ? { code: patch.code || null } : {}),
          from,
          to,
          ...(patch.budgetMinutes !== undefined ? { budgetMinutes: patch.budgetMinutes } : {}),
          ...(patch.organizationIds ? { organizationIds: [...new Set(patch.organizationIds)] } : {}),
          ...(patch.districtIds ? { districtIds: [...new Set(patch.districtIds)] } : {}),
          ...(patch.serviceTypes ? { serviceTypes: [...new Set(patch.serviceTypes)] } : {}),
          ...(patch.overBudget ? { overBudget: patch.overBudget } : {}),
        });
        if (!updated) throw notFound('Funding line');
        return describe(transaction, updated);
      });
    },

    /**
     * The lines that may pay for the organization's requests and have not ended: its organization,
     * district and kind of services in their lists (or lists left empty), with the whole line's figures.
     */
    async budgetOf(caller: Caller, organizationId: string): Promise<OrganizationBudget> {
      if (caller.role === 'requester' && caller.organizationId !== organizationId) throw notFound('Organization');
      const organization = await fundingRepository.findOrganization(db, organizationId);
      if (!organization) throw notFound('Organization');
      const services: readonly string[] = serviceTypesByKind[organization.kind];
      const lines = (await fundingRepository.findNotEndedBy(db, localStartDate(clock.now()))).filter(
        (line) =>
          (line.organizationIds.length === 0 || line.organizationIds.includes(organization.id)) &&
          (line.districtIds.length === 0 || line.districtIds.includes(organization.districtId)) &&
          (line.serviceTypes.length === 0 || line.serviceTypes.some((service) => services.includes(service))),
      );
      const groups = await fundingRepository.usageGroups(
        db,
        lines.map((line) => line.id),
      );
      return {
        lines: lines.map((line) => ({
          fundingLineId: line.id,
          name: line.name,
          funder: line.funder,
          from: line.from,
          to: line.to,
          serviceTypes: line.serviceTypes,
          overBudget: line.overBudget,
          ...lineUsage(
            line.budgetMinutes,
            groups.filter((group) => group.fundingLineId === line.id),
          ),
        })),
      };
    },

    /**
     * The funder's report: each line whose period meets `[from, to)`, with the figures of its requests
     * that start in it (so asking for a line's own period gives the line's state).
     */
    async report(query: ReportPeriodQuery): Promise<FundingReportDetail> {
      const period = resolvePeriod(query);
      const fromDate = localStartDate(period.from);
      const lastDate = localStartDate(new Date(period.to.getTime() - 1));
      const lines = (await fundingRepository.list(db)).filter((line) => line.from <= lastDate && line.to >= fromDate);
      const ids = lines.map((line) => line.id);
      const [groups, listed] = await Promise.all([
        fundingRepository.usageGroups(db, ids, { period }),
        fundingRepository.reportedRequests(db, ids, period),
      ]);
      const requestsByLine = new Map<string, ReportedRequest[]>();
      const rows: FundingReportRow[] = lines.map((line) => {
        const own = groups.filter((group) => group.fundingLineId === line.id);
        const served = listed.filter((request) => request.fundingLineId === line.id && usesHours(request));
        requestsByLine.set(line.id, served);
        const months = new Map<string, number>();
        for (const group of own) {
          const delivered = chargedMinutes(group).delivered;
          if (delivered > 0) months.set(group.month, (months.get(group.month) ?? 0) + delivered);
        }
        return {
          fundingLineId: line.id,
          name: line.name,
          funder: line.funder,
          code: line.code,
          ...lineUsage(line.budgetMinutes, own),
          requests: served.length,
          beneficiaries: countBeneficiaries(served),
          byMonth: [...months.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([month, deliveredMinutes]) => ({ month, deliveredMinutes })),
        };
      });
      return {
        report: { from: period.from.toISOString(), to: period.to.toISOString(), rows },
        requestsByLine,
      };
    },
  };
}

export type FundingService = ReturnType<typeof createFundingService>;
