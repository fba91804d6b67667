import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  assignmentStatuses,
  completionOutcomes,
  genders,
  modes,
  offerStatuses,
  remoteModes,
  requestStatuses,
  serviceTypes,
} from '@ponte/shared';
import type { DispatchPlan } from '../../domain/dispatch-policy.js';
import { fundingLines } from './funding.js';
import { createdAt, id, instant, oneOf } from './helpers.js';
import { mediators } from './mediators.js';
import { organizations } from './organizations.js';
import { districts, languages } from './reference.js';
import { users } from './users.js';

/**
 * A course of sessions booked in one go (API.md, "Series"); each session is a request with `seriesId`.
 * While `wholeOfferUntil` is set, the series is offered whole, through offers on its lead (first)
 * session carrying `seriesId`; once it is null, each session searching is dispatched alone.
 */
export const series = pgTable('series', {
  id: id(),
  organizationId: uuid()
    .notNull()
    .references(() => organizations.id),
  createdByUserId: uuid().references(() => users.id),
  /** The first session, whose offers carry the whole series (no foreign key: the series row comes first). */
  leadRequestId: uuid(),
  wholeOfferUntil: instant(),
  /** The dates the rule skipped (holidays, closures), as the series page lists them. */
  skipped: jsonb()
    .$type<{ date: string; startsAt: string; reason: 'holiday' | 'excluded'; name: string | null }[]>()
    .notNull()
    .default([]),
  createdAt: createdAt(),
});

export type RequestSubject = { pupilInitials?: string; pupilAge?: number; classGrade?: string; arrivalDate?: string };

export const requests = pgTable(
  'requests',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id),
    createdByUserId: uuid().references(() => users.id),
    seriesId: uuid().references(() => series.id),
    serviceType: text({ enum: serviceTypes }).notNull(),
    languageCode: text()
      .notNull()
      .references(() => languages.code),
    dialect: text(),
    mode: text({ enum: modes }).notNull(),
    /** In person only: the remote mode the requester accepts when nobody can come (issue 16). */
    remoteFallback: text({ enum: remoteModes }),
    /** `in_person` once the request switched to its remote fallback (`mode` then holds the remote mode). */
    originalMode: text({ enum: modes }),
    startsAt: instant().notNull(),
    durationMinutes: integer().notNull(),
    districtId: text()
      .notNull()
      .references(() => districts.id),
    locationAddress: text(),
    locationMunicipality: text().notNull(),
    genderPreference: text({ enum: genders }),
    genderRequired: boolean().notNull().default(false),
    dialectRequired: boolean().notNull().default(false),
    caseRef: text(),
    subject: jsonb().$type<RequestSubject>(),
    contactName: text(),
    contactPhone: text(),
    notes: text(),
    status: text({ enum: requestStatuses }).notNull().default('searching'),
    lateCancellation: boolean().notNull().default(false),
    cancelReason: text(),
    /**
     * The dispatch plan fixed when the search started (tier, wave size, offer lifetime, waves before
     * broadcast), so a policy change never rewrites a running search. Rows from before plans were
     * stored in full hold only the tier.
     */
    dispatchPlan: jsonb().$type<Partial<DispatchPlan>>(),
    waveNumber: integer().notNull().default(0),
    dispatchDeadline: instant(),
    /** When the sweep must look at this request next; null when nothing is due. */
    nextCheckAt: instant(),
    assignedMediatorId: uuid().references(() => mediators.id),
    assignedAt: instant(),
    actualMinutes: integer(),
    outcome: text({ enum: completionOutcomes }),
    completionNote: text(),
    completedAt: instant(),
    confirmed: boolean(),
    rating: smallint(),
    confirmationComment: text(),
    confirmedAt: instant(),
    personalDataErasedAt: instant(),
    /** The funding line the hours are charged to (API.md, Funding lines); null when none covers the request. */
    fundingLineId: uuid().references(() => fundingLines.id),
    /** The request took its line beyond the budget when it was charged. */
    overBudget: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [
    check('requests_service_type_check', oneOf(table.serviceType, serviceTypes)),
    check('requests_mode_check', oneOf(table.mode, modes)),
    check('requests_remote_fallback_check', oneOf(table.remoteFallback, remoteModes)),
    check('requests_original_mode_check', oneOf(table.originalMode, modes)),
    check('requests_status_check', oneOf(table.status, requestStatuses)),
    check('requests_gender_check', oneOf(table.genderPreference, genders)),
    check('requests_outcome_check', oneOf(table.outcome, completionOutcomes)),
    check('requests_duration_check', sql`${table.durationMinutes} BETWEEN 30 AND 480`),
    check('requests_actual_minutes_check', sql`${table.actualMinutes} BETWEEN 0 AND 1440`),
    check('requests_rating_check', sql`${table.rating} BETWEEN 1 AND 5`),
    check(
      'requests_assigned_has_mediator',
      sql`${table.status} <> 'assigned' OR ${table.assignedMediatorId} IS NOT NULL`,
    ),
    // A school's list, both ways (coming soonest first, past latest first), and its count.
    index('requests_by_organization_idx').on(table.organizationId, table.startsAt, table.id),
    index().on(table.status, table.startsAt),
    index().on(table.startsAt),
    // The coordinators' list filtered by language (and its count), in start order.
    index('requests_by_language_idx').on(table.languageCode, table.startsAt, table.id),
    index('requests_next_check_idx')
      .on(table.nextCheckAt)
      .where(sql`${table.nextCheckAt} IS NOT NULL`),
    index().on(table.assignedMediatorId),
    // A line's usage is summed on every new request charged to it.
    index('requests_funding_line_idx')
      .on(table.fundingLineId, table.startsAt)
      .where(sql`${table.fundingLineId} IS NOT NULL`),
    index('requests_series_idx')
      .on(table.seriesId, table.startsAt)
      .where(sql`${table.seriesId} IS NOT NULL`),
    // Continuity: a case's earlier mediators are looked up on every ranking of a request with a case reference.
    index('requests_case_ref_idx')
      .on(table.organizationId, table.caseRef)
      .where(sql`${table.caseRef} IS NOT NULL`),
    // requests_delivered_idx (starts_at INCLUDE assigned_mediator_id, actual_minutes, completed only) is in migration 0006,
    // requests_delivered_by_mediator_idx (assigned_mediator_id, starts_at INCLUDE actual_minutes, completed only) in 0008.
  ],
);

export const offers = pgTable(
  'offers',
  {
    id: id(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id),
    /** Set on an offer of the whole series (made on its lead session): accepting it books every session. */
    seriesId: uuid().references(() => series.id),
    wave: integer().notNull(),
    status: text({ enum: offerStatuses }).notNull().default('pending'),
    expiresAt: instant().notNull(),
    respondedAt: instant(),
    declineReason: text(),
    createdAt: createdAt(),
  },
  (table) => [
    check('offers_status_check', oneOf(table.status, offerStatuses)),
    // One offer of a request per mediator, and apart from it one offer of its whole series.
    uniqueIndex('offers_request_mediator_unique')
      .on(table.requestId, table.mediatorId)
      .where(sql`${table.seriesId} IS NULL`),
    uniqueIndex('offers_series_mediator_unique')
      .on(table.seriesId, table.mediatorId)
      .where(sql`${table.seriesId} IS NOT NULL`),
    index().on(table.mediatorId, table.status),
    // A mediator's pending offers, soonest to expire first: the list their phone reads most. (Expiry is
    // swept per request, through request_id; no query reads every pending offer by expiry.)
    index('offers_pending_by_mediator_idx')
      .on(table.mediatorId, table.expiresAt)
      .where(sql`${table.status} = 'pending'`),
  ],
);

/**
 * A mediator's booked time. `blockedUntil` is the end plus the travel buffer for in-person work;
 * an exclusion constraint (see the custom migration) refuses two overlapping active rows of one mediator.
 */
export const assignments = pgTable(
  'assignments',
  {
    id: id(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id),
    startsAt: instant().notNull(),
    endsAt: instant().notNull(),
    blockedUntil: instant().notNull(),
    mode: text({ enum: modes }).notNull(),
    status: text({ enum: assignmentStatuses }).notNull().default('active'),
    createdAt: createdAt(),
    endedAt: instant(),
  },
  (table) => [
    check('assignments_status_check', oneOf(table.status, assignmentStatuses)),
    check(
      'assignments_range_check',
      sql`${table.startsAt} < ${table.endsAt} AND ${table.endsAt} <= ${table.blockedUntil}`,
    ),
    uniqueIndex('assignments_one_active_per_request')
      .on(table.requestId)
      .where(sql`${table.status} IN ('active', 'completed')`),
    index().on(table.mediatorId, table.startsAt),
    // Ranking reads a request's withdrawn bookings and everyone's bookings of one week by these two.
    index().on(table.requestId),
    index().on(table.startsAt),
  ],
);

export const requestEvents = pgTable(
  'request_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    requestId: uuid()
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    at: instant().notNull().defaultNow(),
    type: text().notNull(),
    actorUserId: uuid().references(() => users.id),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index().on(table.requestId, table.id),
    // Reports (issue 6): "did this request ever become unfilled?" over a year of requests reads this
    // small index instead of scanning every event (about four per request).
    index('request_events_unfilled_idx')
      .on(table.requestId)
      .where(sql`${table.type} = 'unfilled'`),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    bodyHash: text().notNull(),
    requestId: uuid().references(() => requests.id, { onDelete: 'cascade' }),
    /** The first response, replayed to a retry with the same key and body. */
    response: jsonb().$type<unknown>(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.key] })],
);

export type SeriesRow = typeof series.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;
export type NewRequestRow = typeof requests.$inferInsert;
export type OfferRow = typeof offers.$inferSelect;
