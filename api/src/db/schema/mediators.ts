import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { genders, languageLevels, modes, qualifications } from '@ponte/shared';
import { allOf, createdAt, id, instant, oneOf } from './helpers.js';
import { districts, languages } from './reference.js';

export const mediators = pgTable(
  'mediators',
  {
    id: id(),
    fullName: text().notNull(),
    email: text().notNull(),
    phone: text().notNull(),
    gender: text({ enum: genders }),
    homeDistrictId: text().references(() => districts.id),
    modes: text({ enum: modes }).array().notNull(),
    qualifications: text({ enum: qualifications }).array().notNull(),
    maxWeeklyMinutes: integer().notNull(),
    active: boolean().notNull().default(true),
    calendarToken: text().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [
    check('mediators_gender_check', oneOf(table.gender, [...genders])),
    check('mediators_modes_check', allOf(table.modes, modes)),
    check('mediators_qualifications_check', allOf(table.qualifications, qualifications)),
    check('mediators_weekly_cap_check', sql`${table.maxWeeklyMinutes} BETWEEN 0 AND 4200`),
    index('mediators_email_idx').on(sql`lower(${table.email})`),
  ],
);

export const mediatorLanguages = pgTable(
  'mediator_languages',
  {
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    languageCode: text()
      .notNull()
      .references(() => languages.code),
    level: text({ enum: languageLevels }).notNull(),
    dialects: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (table) => [
    primaryKey({ columns: [table.mediatorId, table.languageCode] }),
    check('mediator_languages_level_check', oneOf(table.level, languageLevels)),
    index().on(table.languageCode, table.mediatorId),
  ],
);

export const mediatorDistricts = pgTable(
  'mediator_districts',
  {
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    districtId: text()
      .notNull()
      .references(() => districts.id),
  },
  (table) => [
    primaryKey({ columns: [table.mediatorId, table.districtId] }),
    index().on(table.districtId, table.mediatorId),
  ],
);

/** Weekly availability in Europe/Rome wall-clock minutes since midnight. */
export const mediatorWeeklySlots = pgTable(
  'mediator_weekly_slots',
  {
    id: id(),
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    weekday: smallint().notNull(),
    startMinute: smallint().notNull(),
    endMinute: smallint().notNull(),
  },
  (table) => [
    check('weekly_slots_weekday_check', sql`${table.weekday} BETWEEN 1 AND 7`),
    check(
      'weekly_slots_range_check',
      sql`0 <= ${table.startMinute} AND ${table.startMinute} < ${table.endMinute} AND ${table.endMinute} <= 1440`,
    ),
    index().on(table.mediatorId),
  ],
);

export const mediatorTimeOff = pgTable(
  'mediator_time_off',
  {
    id: id(),
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    startsAt: instant().notNull(),
    endsAt: instant().notNull(),
    reason: text(),
  },
  (table) => [
    check('time_off_range_check', sql`${table.startsAt} < ${table.endsAt}`),
    index().on(table.mediatorId, table.startsAt),
  ],
);

/**
 * One row whose version every change to the roster tables above bumps (statement triggers, migration
 * 0006): the in-memory roster of each API instance reloads when it reads a version it has not loaded.
 */
export const rosterVersion = pgTable(
  'roster_version',
  {
    singleton: boolean().primaryKey().default(true),
    version: bigint({ mode: 'number' }).notNull().default(0),
  },
  (table) => [check('roster_version_singleton_check', sql`${table.singleton}`)],
);
