import { z } from 'zod';
import { IsoDate, IsoDateTime, LocalTime, multilineText, Uuid } from './common.js';
import { AssignedMediator, RequestCreate, RequestDetail } from './requests.js';

/** Fewest and most sessions one series books (API.md, "Series"). */
export const SERIES_MIN_SESSIONS = 1;
export const SERIES_MAX_SESSIONS = 60;

/** Every week on the given weekdays (1 = Monday … 7 = Sunday) from `first` to `until`, at `start` Europe/Rome time. */
export const WeeklySessions = z.strictObject({
  first: IsoDate,
  until: IsoDate,
  weekdays: z
    .array(z.int().min(1).max(7))
    .min(1, 'at least one weekday')
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'each weekday once'),
  start: LocalTime.refine((time) => time !== '24:00', 'expected HH:MM before 24:00'),
});
export type WeeklySessions = z.infer<typeof WeeklySessions>;

/** Given dates and times. */
export const DatedSessions = z.strictObject({
  dates: z
    .array(IsoDateTime)
    .min(SERIES_MIN_SESSIONS, 'at least one session')
    .max(SERIES_MAX_SESSIONS * 4),
});

export const SeriesSessions = z.union([WeeklySessions, DatedSessions]);
export type SeriesSessions = z.infer<typeof SeriesSessions>;

/** How the dates are chosen: shared by the preview and the creation. */
const SeriesRule = {
  sessions: SeriesSessions,
  /** Italian public holidays are left out unless false. */
  skipHolidays: z.boolean().default(true),
  /** School closures and any other day left out (Europe/Rome dates). */
  excludeDates: z.array(IsoDate).max(366).default([]),
};

/** A series: the request body without `startsAt`, plus how the sessions fall. */
const { startsAt: _startsAt, ...requestFields } = RequestCreate.shape;
export const SeriesCreate = z.object({ ...requestFields, ...SeriesRule });
export type SeriesCreate = z.input<typeof SeriesCreate>;

/** The dates a rule gives, before anything is booked: what the form previews. */
export const SeriesPreviewBody = z.object({ durationMinutes: RequestCreate.shape.durationMinutes, ...SeriesRule });
export type SeriesPreviewBody = z.input<typeof SeriesPreviewBody>;

export const SkippedSession = z.object({
  date: IsoDate,
  startsAt: IsoDateTime,
  reason: z.enum(['holiday', 'excluded']),
  /** The holiday's Italian name. */
  name: z.string().nullable(),
});
export type SkippedSession = z.infer<typeof SkippedSession>;

export const SeriesPreview = z.object({
  sessions: z.array(z.object({ date: IsoDate, startsAt: IsoDateTime })),
  skipped: z.array(SkippedSession),
});
export type SeriesPreview = z.infer<typeof SeriesPreview>;

export const SeriesDetail = z.object({
  id: Uuid,
  organizationId: Uuid,
  /** The sessions, soonest first. */
  requests: z.array(RequestDetail),
  /** The mediator holding every session not cancelled, when one does. */
  assignedMediator: AssignedMediator.nullable(),
  /** True while the whole series is being offered to the mediators free for every session. */
  offeredWhole: z.boolean(),
  skipped: z.array(SkippedSession),
});
export type SeriesDetail = z.infer<typeof SeriesDetail>;

export const SeriesCreated = SeriesDetail;

export const SeriesCancelBody = z.object({
  reason: multilineText(500).min(1, 'is required'),
  /** Cancels the sessions from this Europe/Rome date on; all those not yet held when absent. */
  from: IsoDate.optional(),
});

export const SeriesWithdrawBody = z.object({ reason: multilineText(500).min(1, 'is required') });
