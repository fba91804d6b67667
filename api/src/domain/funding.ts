import type { OverBudgetPolicy, RequestStatus, ServiceType } from '@ponte/shared';
import { toLocalWindow } from './local-time.js';

/*
 * Funding lines and hour budgets (API.md, "Funding lines and hour budgets"): which line pays for a
 * request, what a line has used, and whether a new request takes it beyond its budget. Pure: the
 * services read the rows and lock the line; this decides.
 */

/** What charging needs to know of a line. Periods are Europe/Rome calendar dates, both days included. */
export interface ChargeableLine {
  id: string;
  from: string;
  to: string;
  budgetMinutes: number;
  organizationIds: readonly string[];
  districtIds: readonly string[];
  serviceTypes: readonly ServiceType[];
  overBudget: OverBudgetPolicy;
}

/** What charging needs to know of a request. */
export interface ChargedRequest {
  organizationId: string;
  districtId: string;
  serviceType: ServiceType;
  startsAt: Date;
}

/** The Europe/Rome calendar date a request starts on: a line's period is read in those dates. */
export const localStartDate = (startsAt: Date): string => toLocalWindow(startsAt, 0).date;

const covers = <T>(list: readonly T[], value: T) => list.length === 0 || list.includes(value);

/** Whether the line's period holds the request's start and its lists (when set) hold its organization, district and service. */
export function lineCovers(line: ChargeableLine, request: ChargedRequest): boolean {
  const date = localStartDate(request.startsAt);
  return (
    line.from <= date &&
    date <= line.to &&
    covers(line.organizationIds, request.organizationId) &&
    covers(line.districtIds, request.districtId) &&
    covers(line.serviceTypes, request.serviceType)
  );
}

/** The first line by `from` (then by id, so the choice never depends on the rows' order) that covers the request; null when none. */
export function chooseFundingLine<Line extends ChargeableLine>(
  lines: readonly Line[],
  request: ChargedRequest,
): Line | null {
  const ordered = [...lines].sort((a, b) =>
    a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return ordered.find((line) => lineCovers(line, request)) ?? null;
}

/**
 * Requests of a line, alike in what counts: the repository sums minutes per group of status, late
 * cancellation and confirmation, so a line with a year of requests is a handful of rows.
 */
export interface UsageGroup {
  status: RequestStatus;
  lateCancellation: boolean;
  /** The requester's answer to a completion: true confirmed, false disputed, null not yet. */
  confirmed: boolean | null;
  /** Sum of the booked durations. */
  durationMinutes: number;
  /** Sum of the reported actual minutes (completions). */
  actualMinutes: number;
}

export type ChargeKind = 'booked' | 'delivered' | 'none';

/**
 * What a request uses of its line: booked while it is searching or assigned, or completed and not yet
 * confirmed; delivered once its completion is confirmed (its actual minutes) or when it was cancelled
 * late (its booked duration, since the provider pays the mediator); nothing while awaiting approval,
 * once unfilled or expired, when cancelled in time, or when its completion was disputed.
 */
export function chargeKind(request: Pick<UsageGroup, 'status' | 'lateCancellation' | 'confirmed'>): ChargeKind {
  switch (request.status) {
    case 'searching':
    case 'assigned':
      return 'booked';
    case 'completed':
      return request.confirmed === null ? 'booked' : request.confirmed ? 'delivered' : 'none';
    case 'cancelled':
      return request.lateCancellation ? 'delivered' : 'none';
    case 'awaiting_approval':
    case 'unfilled':
    case 'expired':
      return 'none';
  }
}

/** The minutes a request (or a group of them) puts on its line, and where. */
export function chargedMinutes(group: UsageGroup): { booked: number; delivered: number } {
  const kind = chargeKind(group);
  if (kind === 'booked') return { booked: group.durationMinutes, delivered: 0 };
  if (kind === 'delivered') {
    const completed = group.status === 'completed';
    return { booked: 0, delivered: completed ? group.actualMinutes : group.durationMinutes };
  }
  return { booked: 0, delivered: 0 };
}

export interface LineUsage {
  budgetMinutes: number;
  bookedMinutes: number;
  deliveredMinutes: number;
  remainingMinutes: number;
}

export function lineUsage(budgetMinutes: number, groups: readonly UsageGroup[]): LineUsage {
  let bookedMinutes = 0;
  let deliveredMinutes = 0;
  for (const group of groups) {
    const charged = chargedMinutes(group);
    bookedMinutes += charged.booked;
    deliveredMinutes += charged.delivered;
  }
  return {
    budgetMinutes,
    bookedMinutes,
    deliveredMinutes,
    remainingMinutes: budgetMinutes - bookedMinutes - deliveredMinutes,
  };
}

/** Booked + delivered + the new request's minutes beyond the budget. */
export const goesOverBudget = (usage: LineUsage, durationMinutes: number): boolean =>
  usage.bookedMinutes + usage.deliveredMinutes + durationMinutes > usage.budgetMinutes;

export interface ChargeDecision {
  fundingLineId: string | null;
  overBudget: boolean;
  /** Under an `approve` line, an over-budget request waits for a coordinator before any search. */
  needsApproval: boolean;
}

/** The charge of a new request to its line, given that line's usage now (null line: nothing to charge). */
export function decideCharge(
  line: Pick<ChargeableLine, 'id' | 'overBudget'> | null,
  usage: LineUsage | null,
  durationMinutes: number,
): ChargeDecision {
  if (!line || !usage) return { fundingLineId: null, overBudget: false, needsApproval: false };
  const overBudget = goesOverBudget(usage, durationMinutes);
  return { fundingLineId: line.id, overBudget, needsApproval: overBudget && line.overBudget === 'approve' };
}
