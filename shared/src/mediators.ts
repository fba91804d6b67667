import { z } from 'zod';
import { changingSomething, IsoDateTime, ListQuery, LocalTime, plainText, requiredText, Uuid } from './common.js';
import { PhoneNumber } from './phone.js';
import { AssignmentStatus, Gender, LanguageLevel, Mode, Qualification, ServiceType } from './enums.js';

const hasNoDuplicates = (values: readonly unknown[]) => new Set(values).size === values.length;

export const MediatorLanguage = z.object({
  code: requiredText(10),
  dialects: z.array(requiredText(100)).max(20).default([]).refine(hasNoDuplicates, 'lists a dialect twice'),
  level: LanguageLevel,
});
export type MediatorLanguage = z.infer<typeof MediatorLanguage>;

const mediatorFields = {
  fullName: requiredText(200),
  email: z.email('must be an email address').max(254),
  phone: PhoneNumber,
  gender: Gender.optional(),
  languages: z
    .array(MediatorLanguage)
    .min(1, 'needs at least one language')
    .max(30)
    .refine((languages) => hasNoDuplicates(languages.map((language) => language.code)), 'lists a language twice'),
  districtIds: z.array(requiredText(50)).max(100).refine(hasNoDuplicates, 'lists a district twice'),
  homeDistrictId: requiredText(50),
  modes: z.array(Mode).min(1, 'needs at least one mode').refine(hasNoDuplicates, 'lists a mode twice'),
  qualifications: z.array(Qualification).refine(hasNoDuplicates, 'lists a qualification twice'),
  maxWeeklyMinutes: z.number().int().min(0).max(4200, 'at most 4200 (70 hours)'),
  active: z.boolean().optional(),
};

export const MediatorCreate = z.object(mediatorFields);
export type MediatorCreate = z.infer<typeof MediatorCreate>;

/** Every field optional; `gender: null` clears it. */
export const MediatorPatch = changingSomething(
  z.object(mediatorFields).partial().extend({ gender: Gender.nullable().optional() }),
);
export type MediatorPatch = z.infer<typeof MediatorPatch>;

/** A mediator in a list: no feed URL, which carries a secret. */
export const MediatorSummary = z.object({
  id: Uuid,
  fullName: z.string(),
  email: z.string(),
  phone: z.string(),
  gender: Gender.nullable(),
  languages: z.array(z.object({ code: z.string(), dialects: z.array(z.string()), level: LanguageLevel })),
  districtIds: z.array(z.string()),
  homeDistrictId: z.string().nullable(),
  modes: z.array(Mode),
  qualifications: z.array(Qualification),
  maxWeeklyMinutes: z.number().int(),
  active: z.boolean(),
});
export type MediatorSummary = z.infer<typeof MediatorSummary>;

/** The full profile, with the calendar feed URL (its secret token included). */
export const Mediator = MediatorSummary.extend({ calendarUrl: z.string(), createdAt: IsoDateTime });
export type Mediator = z.infer<typeof Mediator>;

export const MediatorCalendarLink = z.object({ calendarUrl: z.string() });
export type MediatorCalendarLink = z.infer<typeof MediatorCalendarLink>;

/** A recurring weekly stretch of Europe/Rome wall-clock time, Monday = 1; `end` may be "24:00". */
export const WeeklySlot = z
  .object({
    weekday: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
    start: LocalTime,
    end: LocalTime,
  })
  // Zero-padded "HH:MM" strings order like the times they name, "24:00" last.
  .refine((slot) => slot.start < slot.end, { path: ['end'], message: 'must be after start' });
export type WeeklySlot = z.infer<typeof WeeklySlot>;

export const TimeOffInput = z
  .object({
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    reason: plainText(300).optional(),
  })
  .refine((period) => Date.parse(period.startsAt) < Date.parse(period.endsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export type TimeOffInput = z.infer<typeof TimeOffInput>;

/** `reason` is left out when there is none, so a period read back is valid input again. */
export const TimeOff = z.object({
  id: Uuid,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  reason: z.string().optional(),
});
export type TimeOff = z.infer<typeof TimeOff>;

export const AvailabilityInput = z.object({
  weekly: z.array(WeeklySlot).max(100),
  timeOff: z.array(TimeOffInput).max(500),
});
export type AvailabilityInput = z.infer<typeof AvailabilityInput>;

export const Availability = z.object({ weekly: z.array(WeeklySlot), timeOff: z.array(TimeOff) });
export type Availability = z.infer<typeof Availability>;

/** One booked time of a mediator; `status` is the assignment's own (active, completed, cancelled, withdrawn). */
export const MediatorAssignment = z.object({
  requestId: Uuid,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  status: AssignmentStatus,
  serviceType: ServiceType,
  languageCode: z.string(),
  municipality: z.string(),
  mode: Mode,
});
export type MediatorAssignment = z.infer<typeof MediatorAssignment>;

export const MediatorListQuery = ListQuery.extend({
  language: requiredText(10).optional(),
  districtId: requiredText(50).optional(),
  active: z
    .enum(['true', 'false'], 'must be true or false')
    .transform((value) => value === 'true')
    .optional(),
});
export type MediatorListQuery = z.infer<typeof MediatorListQuery>;

/** Assignments overlapping [from, to); either end may be left open. */
export const AssignmentsQuery = z
  .object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() })
  .refine((range) => !range.from || !range.to || Date.parse(range.from) < Date.parse(range.to), {
    path: ['to'],
    message: 'must be after from',
  });
export type AssignmentsQuery = z.infer<typeof AssignmentsQuery>;
