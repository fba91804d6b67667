import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from './common.js';

/** How the summary report can be cut (API.md, Reports). */
export const reportGroupings = ['district', 'language', 'organizationKind', 'serviceType', 'month'] as const;
export const ReportGroupBy = z.enum(reportGroupings);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

/**
 * A bound of a report's period: a calendar date (`2027-01-01`, read as local midnight in Europe/Rome,
 * so a month or a school year is asked for as the funder writes it) or an instant with its offset.
 */
export const ReportBound = z.union([IsoDate, IsoDateTime]);

/** `[from, to)` over the start time of requests; the server refuses a `to` not after `from`. */
export const ReportPeriodQuery = z.object({ from: ReportBound, to: ReportBound });
export type ReportPeriodQuery = z.infer<typeof ReportPeriodQuery>;

export const SummaryQuery = ReportPeriodQuery.extend({ groupBy: ReportGroupBy.default('month') });
export type SummaryQuery = z.input<typeof SummaryQuery>;

/** The figures of one group of requests, or of the whole period. */
export const SummaryFigures = z.object({
  requests: z.int(),
  /** Requests that have a mediator: `assignedAt` is set (withdrawn and not reassigned does not count). */
  assigned: z.int(),
  /** Requests that became unfilled at some point, even if assigned later. */
  unfilled: z.int(),
  cancelled: z.int(),
  /** Cancelled less than 24 h before the start of an assigned request (paid to the mediator). */
  lateCancelled: z.int(),
  completed: z.int(),
  /** Actual minutes of completed requests the requester confirmed. */
  minutesDelivered: z.int(),
  /** From the request's creation to its assignment, in minutes (one decimal); null when none was assigned. */
  medianMinutesToAssign: z.number().nullable(),
  p90MinutesToAssign: z.number().nullable(),
});
export type SummaryFigures = z.infer<typeof SummaryFigures>;

export const SummaryRow = SummaryFigures.extend({
  /** District id, language code, organization kind, service type or `YYYY-MM` (Europe/Rome). */
  key: z.string(),
  /** The key in Italian: district name, language name, "Scuola", "marzo 2027"… */
  label: z.string(),
});
export type SummaryRow = z.infer<typeof SummaryRow>;

export const SummaryReport = z.object({
  groupBy: ReportGroupBy,
  from: IsoDateTime,
  to: IsoDateTime,
  rows: z.array(SummaryRow),
  totals: SummaryFigures,
});
export type SummaryReport = z.infer<typeof SummaryReport>;

export const ExclusionReasonCount = z.object({ reason: z.string(), count: z.int() });

export const GapRow = z.object({
  languageCode: z.string(),
  languageName: z.string(),
  districtId: z.string(),
  districtName: z.string(),
  unfilled: z.int(),
  /**
   * In-person requests that nobody could take in person and that went on by phone or video (their
   * `originalMode` is `in_person`): demand the district's in-person coverage did not meet either.
   */
  remoteFallbacks: z.int().default(0),
  /**
   * Why the mediators who speak the language could not take these requests: each reason counted once
   * per excluded mediator per request, most frequent first; `no_mediator_speaks_language` once per
   * request when nobody speaks it.
   */
  topExclusionReasons: z.array(ExclusionReasonCount),
});
export type GapRow = z.infer<typeof GapRow>;

export const GapsReport = z.object({ from: IsoDateTime, to: IsoDateTime, rows: z.array(GapRow) });
export type GapsReport = z.infer<typeof GapsReport>;

export const MediatorWorkload = z.object({
  mediatorId: Uuid,
  fullName: z.string(),
  /** Duration of the requests offered to the mediator (any answer). */
  minutesOffered: z.int(),
  /** Actual minutes of the mediator's completed, confirmed requests. */
  minutesDelivered: z.int(),
});
export type MediatorWorkload = z.infer<typeof MediatorWorkload>;

export const FairnessReport = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  /** Gini coefficient of delivered minutes among active mediators: 0 = evenly shared, towards 1 = concentrated. */
  gini: z.number(),
  mediators: z.array(MediatorWorkload),
});
export type FairnessReport = z.infer<typeof FairnessReport>;
