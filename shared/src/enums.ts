import { z } from 'zod';

export const roles = ['requester', 'mediator', 'coordinator'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const organizationKinds = ['school', 'social_service'] as const;
export const OrganizationKind = z.enum(organizationKinds);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

export const serviceTypesByKind = {
  school: ['school_welcome', 'school_meeting', 'language_facilitation'],
  social_service: ['social_interview', 'home_visit', 'parenting_assessment'],
} as const satisfies Record<OrganizationKind, readonly string[]>;
export const serviceTypes = [...serviceTypesByKind.school, ...serviceTypesByKind.social_service] as const;
export const ServiceType = z.enum(serviceTypes);
export type ServiceType = z.infer<typeof ServiceType>;

export const qualifications = ['school', 'social_services', 'parenting_assessment'] as const;
export const Qualification = z.enum(qualifications);
export type Qualification = z.infer<typeof Qualification>;

/** The qualification a mediator must hold to be offered a service type (DESIGN.md, hard rule 3). */
export const qualificationForService: Record<ServiceType, Qualification> = {
  school_welcome: 'school',
  school_meeting: 'school',
  language_facilitation: 'school',
  social_interview: 'social_services',
  home_visit: 'social_services',
  parenting_assessment: 'parenting_assessment',
};

export const modes = ['in_person', 'phone', 'video'] as const;
export const Mode = z.enum(modes);
export type Mode = z.infer<typeof Mode>;

/** The modes that go nowhere: a request's remote fallback is one of them. */
export const remoteModes = ['phone', 'video'] as const;
export const RemoteMode = z.enum(remoteModes);
export type RemoteMode = z.infer<typeof RemoteMode>;

export const genders = ['female', 'male'] as const;
export const Gender = z.enum(genders);
export type Gender = z.infer<typeof Gender>;

export const languageLevels = ['native', 'fluent', 'working'] as const;
export const LanguageLevel = z.enum(languageLevels);
export type LanguageLevel = z.infer<typeof LanguageLevel>;

export const requestStatuses = [
  'searching',
  'assigned',
  'completed',
  'unfilled',
  'expired',
  'cancelled',
  // Over its funding line's budget, under a line that asks a coordinator to approve (API.md, Funding lines).
  'awaiting_approval',
] as const;
export const RequestStatus = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const offerStatuses = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export const OfferStatus = z.enum(offerStatuses);
export type OfferStatus = z.infer<typeof OfferStatus>;

export const assignmentStatuses = ['active', 'completed', 'cancelled', 'withdrawn'] as const;
export const AssignmentStatus = z.enum(assignmentStatuses);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

/** What happens to a request that would take its funding line beyond the budget. */
export const overBudgetPolicies = ['warn', 'approve'] as const;
export const OverBudgetPolicy = z.enum(overBudgetPolicies);
export type OverBudgetPolicy = z.infer<typeof OverBudgetPolicy>;

export const completionOutcomes = ['done', 'family_no_show'] as const;
export const CompletionOutcome = z.enum(completionOutcomes);
export type CompletionOutcome = z.infer<typeof CompletionOutcome>;

export const locales = ['it', 'en'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;

export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OFFER_UNAVAILABLE',
  'MEDIATOR_BUSY',
  'CASE_EXCLUDED',
  'INVALID_TRANSITION',
  'IDEMPOTENCY_MISMATCH',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
  // Refused before any route ran: by Fastify's body parsing or by Node's HTTP parser.
  'MALFORMED_BODY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'BAD_REQUEST',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
