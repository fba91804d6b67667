import { z } from 'zod';
import { changingSomething, IsoDate, IsoDateTime, multilineText, plainText, requiredText, Uuid } from './common.js';
import { OverBudgetPolicy, ServiceType } from './enums.js';
import { ReportPeriodQuery } from './reports.js';

/** At most ten years of full-time work: a line bigger than that is a typo. */
const MAX_BUDGET_MINUTES = 10 * 1800 * 60;

const FundingLineFields = z.object({
  name: requiredText(200),
  funder: requiredText(200),
  code: plainText(60).optional(),
  from: IsoDate,
  to: IsoDate,
  budgetMinutes: z.int().min(0).max(MAX_BUDGET_MINUTES),
  /** Empty or absent: every organization (district, service type). */
  organizationIds: z.array(Uuid).max(500).default([]),
  districtIds: z.array(requiredText(50)).max(100).default([]),
  serviceTypes: z.array(ServiceType).max(20).default([]),
  overBudget: OverBudgetPolicy,
});

const periodInOrder = (line: { from?: string | undefined; to?: string | undefined }) =>
  line.from === undefined || line.to === undefined || line.from <= line.to;

export const FundingLineCreate = FundingLineFields.refine(periodInOrder, {
  path: ['to'],
  message: 'must not be before from',
});
export type FundingLineCreate = z.input<typeof FundingLineCreate>;

export const FundingLinePatch = changingSomething(
  z.object({
    name: FundingLineFields.shape.name.optional(),
    funder: FundingLineFields.shape.funder.optional(),
    code: plainText(60).nullable().optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    budgetMinutes: FundingLineFields.shape.budgetMinutes.optional(),
    organizationIds: z.array(Uuid).max(500).optional(),
    districtIds: z.array(requiredText(50)).max(100).optional(),
    serviceTypes: z.array(ServiceType).max(20).optional(),
    overBudget: OverBudgetPolicy.optional(),
  }),
).refine(periodInOrder, { path: ['to'], message: 'must not be before from' });
export type FundingLinePatch = z.input<typeof FundingLinePatch>;

/** What a line has used: API.md, "Funding lines and hour budgets". */
export const BudgetFigures = z.object({
  budgetMinutes: z.int(),
  /** Searching or assigned, or completed and not yet confirmed: their booked duration. */
  bookedMinutes: z.int(),
  /** Confirmed completions' actual minutes, plus late cancellations' booked duration (the provider pays them). */
  deliveredMinutes: z.int(),
  /** budget − booked − delivered; negative when the line went over. */
  remainingMinutes: z.int(),
});
export type BudgetFigures = z.infer<typeof BudgetFigures>;

export const FundingLine = BudgetFigures.extend({
  id: Uuid,
  name: z.string(),
  funder: z.string(),
  code: z.string().nullable(),
  from: IsoDate,
  to: IsoDate,
  organizationIds: z.array(Uuid),
  districtIds: z.array(z.string()),
  serviceTypes: z.array(ServiceType),
  overBudget: OverBudgetPolicy,
  /** Requests waiting for a coordinator's approval because they go over this line. */
  awaitingApproval: z.int(),
  /** Delivered minutes by month (`YYYY-MM`, Europe/Rome), for the burn-down chart. */
  byMonth: z.array(z.object({ month: z.string(), deliveredMinutes: z.int(), bookedMinutes: z.int() })),
  createdAt: IsoDateTime,
});
export type FundingLine = z.infer<typeof FundingLine>;

export const OrganizationBudgetLine = BudgetFigures.extend({
  fundingLineId: Uuid,
  name: z.string(),
  funder: z.string(),
  from: IsoDate,
  to: IsoDate,
  /** The services it pays for (empty: all); the form warns with it before a request goes over. */
  serviceTypes: z.array(ServiceType),
  overBudget: OverBudgetPolicy,
});
export type OrganizationBudgetLine = z.infer<typeof OrganizationBudgetLine>;

/** The lines that pay for an organization's requests (those not yet over by date), with what is left. */
export const OrganizationBudget = z.object({ lines: z.array(OrganizationBudgetLine) });
export type OrganizationBudget = z.infer<typeof OrganizationBudget>;

/** `PATCH /api/requests/:id`: the coordinator charges the request to another line (null: to none). */
export const RequestPatch = z.object({ fundingLineId: Uuid.nullable() });
export type RequestPatch = z.infer<typeof RequestPatch>;

export const ApprovalBody = z.object({ reason: multilineText(500).optional() });
export type ApprovalBody = z.infer<typeof ApprovalBody>;

export const FundingReportQuery = ReportPeriodQuery;

export const FundingReportRow = BudgetFigures.extend({
  fundingLineId: Uuid,
  name: z.string(),
  funder: z.string(),
  code: z.string().nullable(),
  /** Requests of the period that use the line's hours (booked or delivered). */
  requests: z.int(),
  /** Distinct case references among those requests, plus each one without a case reference. */
  beneficiaries: z.int(),
  byMonth: z.array(z.object({ month: z.string(), deliveredMinutes: z.int() })),
});
export type FundingReportRow = z.infer<typeof FundingReportRow>;

export const FundingReport = z.object({ from: IsoDateTime, to: IsoDateTime, rows: z.array(FundingReportRow) });
export type FundingReport = z.infer<typeof FundingReport>;
