import { z } from 'zod';
import { IsoDate, IsoDateTime, LATEST_REQUEST_END_MS, multilineText, plainText, requiredText, Uuid } from './common.js';
import { PhoneNumber } from './phone.js';
import { CompletionOutcome, Gender, Mode, OfferStatus, RemoteMode, RequestStatus, ServiceType } from './enums.js';

export const RequestSubject = z.strictObject({
  pupilInitials: plainText(6)
    .regex(/^[\p{L}.\s]{1,6}$/u, 'initials only, never a full name')
    .optional(),
  pupilAge: z.int().min(0).max(25).optional(),
  classGrade: plainText(40).optional(),
  arrivalDate: IsoDate.optional(),
});
export type RequestSubject = z.infer<typeof RequestSubject>;

export const RequestLocation = z.object({ address: requiredText(300), municipality: requiredText(100) });
export type RequestLocation = z.infer<typeof RequestLocation>;

export const RequestCreate = z
  .object({
    organizationId: Uuid.optional(),
    serviceType: ServiceType,
    languageCode: requiredText(8),
    dialect: requiredText(80).optional(),
    mode: Mode,
    startsAt: IsoDateTime,
    durationMinutes: z.int().min(30, 'at least 30 minutes').max(480, 'at most 480 minutes'),
    location: RequestLocation.optional(),
    genderPreference: Gender.optional(),
    genderRequired: z.boolean().default(false),
    dialectRequired: z.boolean().default(false),
    caseRef: requiredText(60).optional(),
    subject: RequestSubject.optional(),
    contactName: requiredText(120),
    contactPhone: PhoneNumber,
    notes: multilineText(2000).optional(),
    /** In person only: the remote mode the requester accepts when nobody can come (API.md, Remote fallback). */
    remoteFallback: RemoteMode.optional(),
  })
  .refine((request) => request.remoteFallback === undefined || request.mode === 'in_person', {
    path: ['remoteFallback'],
    message: 'is only for an in-person request',
  })
  // The end must be a time too: a start late on 9999-12-31 would end in year 10000.
  .refine((request) => Date.parse(request.startsAt) + request.durationMinutes * 60_000 <= LATEST_REQUEST_END_MS, {
    path: ['startsAt'],
    message: 'ends after 9999-12-31',
  });
export type RequestCreate = z.input<typeof RequestCreate>;

export const Actor = z.object({ userId: Uuid, name: z.string(), role: z.string() });

export const TimelineEntry = z.object({
  at: IsoDateTime,
  type: z.string(),
  actor: Actor.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const AssignedMediator = z.object({ id: Uuid, fullName: z.string(), phone: z.string() });

export const Completion = z.object({
  actualMinutes: z.int(),
  outcome: CompletionOutcome,
  note: z.string().nullable(),
  completedAt: IsoDateTime,
});

export const Confirmation = z.object({
  confirmed: z.boolean(),
  rating: z.int().nullable(),
  comment: z.string().nullable(),
  at: IsoDateTime,
});

export const RequestSummary = z.object({
  id: Uuid,
  organizationId: Uuid,
  organizationName: z.string(),
  serviceType: ServiceType,
  languageCode: z.string(),
  dialect: z.string().nullable(),
  mode: Mode,
  /** `in_person` when the request switched to its remote fallback (`mode` is then phone or video); null otherwise. */
  originalMode: Mode.nullable().default(null),
  /** The remote mode the requester accepted if nobody can come in person; null when none. */
  remoteFallback: RemoteMode.nullable().default(null),
  startsAt: IsoDateTime,
  durationMinutes: z.int(),
  districtId: z.string(),
  municipality: z.string(),
  status: RequestStatus,
  lateCancellation: z.boolean(),
  /** Completed, and the requester has neither confirmed nor disputed the hours yet (false in responses stored before it existed). */
  awaitingConfirmation: z.boolean().default(false),
  assignedMediator: AssignedMediator.nullable(),
  caseRef: z.string().nullable(),
  /** The funding line the request's hours are charged to; null when no line covers it (null/false in responses stored before lines existed). */
  fundingLineId: Uuid.nullable().default(null),
  fundingLineName: z.string().nullable().default(null),
  /** The request took its line beyond the budget when it was charged. */
  overBudget: z.boolean().default(false),
  /** The series this request is a session of (API.md, "Series"), or null for a single meeting. */
  seriesId: Uuid.nullable().default(null),
  createdAt: IsoDateTime,
});
export type RequestSummary = z.infer<typeof RequestSummary>;

export const RequestDetail = RequestSummary.extend({
  location: RequestLocation.nullable(),
  genderPreference: Gender.nullable(),
  genderRequired: z.boolean(),
  dialectRequired: z.boolean(),
  subject: RequestSubject.nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  notes: z.string().nullable(),
  cancelReason: z.string().nullable(),
  completion: Completion.nullable(),
  confirmation: Confirmation.nullable(),
  dispatch: z.object({ tier: z.string(), wave: z.int(), deadline: IsoDateTime.nullable(), pendingOffers: z.int() }),
  timeline: z.array(TimelineEntry),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

/** `?status=searching,unfilled` */
const statusList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(RequestStatus).min(1));

export const RequestListQuery = z.object({
  status: statusList.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  organizationId: Uuid.optional(),
  languageCode: plainText(8).optional(),
  /** `true`: only completed requests whose hours wait for the requester's confirmation. */
  awaitingConfirmation: z
    .enum(['true', 'false'], 'must be true or false')
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const CancelBody = z.object({ reason: multilineText(500).min(1, 'is required') });
export const WithdrawBody = z.object({
  reason: multilineText(500).min(1, 'is required'),
  /** The mediator knows the family: the case is excluded for them (API.md, Case exclusions). */
  conflictOfInterest: z.boolean().optional(),
});
export const WithdrawResult = z.object({
  id: Uuid,
  status: RequestStatus,
  /** The exclusion recorded by a withdrawal for a conflict of interest (none without a case reference). */
  caseExclusionId: Uuid.nullable().optional(),
});
export const AssignBody = z.object({ mediatorId: Uuid });
export const CompleteBody = z.object({
  actualMinutes: z.int().min(0).max(1440),
  outcome: CompletionOutcome,
  note: multilineText(2000).optional(),
});
export const ConfirmBody = z.object({
  confirmed: z.boolean(),
  rating: z.int().min(1).max(5).optional(),
  comment: multilineText(2000).optional(),
});

export const Candidate = z.object({
  mediatorId: Uuid,
  fullName: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export const ExcludedCandidate = z.object({ mediatorId: Uuid, fullName: z.string(), reasons: z.array(z.string()) });
export const Candidates = z.object({ eligible: z.array(Candidate), excluded: z.array(ExcludedCandidate) });
export type Candidates = z.infer<typeof Candidates>;

/** What a mediator may see of a request before it is theirs (DESIGN.md, Privacy). */
export const OfferedRequest = z.object({
  id: Uuid,
  serviceType: ServiceType,
  languageCode: z.string(),
  dialect: z.string().nullable(),
  mode: Mode,
  municipality: z.string(),
  districtId: z.string(),
  startsAt: IsoDateTime,
  durationMinutes: z.int(),
});

/** What a mediator sees of the series an offer is for, before accepting (API.md, "Series"). */
export const OfferedSeries = z.object({
  id: Uuid,
  sessions: z.int(),
  first: IsoDateTime,
  last: IsoDateTime,
  /** The weekdays the sessions fall on, 1 = Monday … 7 = Sunday, Europe/Rome. */
  weekdays: z.array(z.int()),
});
export type OfferedSeries = z.infer<typeof OfferedSeries>;

export const Offer = z.object({
  id: Uuid,
  status: OfferStatus,
  expiresAt: IsoDateTime,
  createdAt: IsoDateTime,
  request: OfferedRequest,
  /** Set when the offer is for the whole series: accepting it books every session still searching. */
  series: OfferedSeries.nullable().default(null),
});
export type Offer = z.infer<typeof Offer>;

export const OfferListQuery = z.object({ status: OfferStatus.optional() });
export const DeclineBody = z.object({ reason: multilineText(500).optional() });
export const AcceptResult = z.object({ offer: Offer, request: RequestDetail });
