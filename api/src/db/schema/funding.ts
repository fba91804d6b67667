import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { overBudgetPolicies, serviceTypes } from '@ponte/shared';
import { allOf, createdAt, id, oneOf } from './helpers.js';

/**
 * What a funder pays for: a period (Europe/Rome calendar dates, both included), a budget in minutes and
 * the organizations, districts and service types it covers (an empty list covers all).
 */
export const fundingLines = pgTable(
  'funding_lines',
  {
    id: id(),
    name: text().notNull(),
    funder: text().notNull(),
    code: text(),
    from: date({ mode: 'string' }).notNull(),
    to: date({ mode: 'string' }).notNull(),
    budgetMinutes: integer().notNull(),
    organizationIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'`),
    districtIds: text()
      .array()
      .notNull()
      .default(sql`'{}'`),
    serviceTypes: text({ enum: serviceTypes })
      .array()
      .notNull()
      .default(sql`'{}'`),
    overBudget: text({ enum: overBudgetPolicies }).notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (table) => [
    check('funding_lines_period_check', sql`${table.from} <= ${table.to}`),
    check('funding_lines_budget_check', sql`${table.budgetMinutes} >= 0`),
    check('funding_lines_over_budget_check', oneOf(table.overBudget, overBudgetPolicies)),
    check('funding_lines_service_types_check', allOf(table.serviceTypes, serviceTypes)),
    index().on(table.from),
  ],
);

export type FundingLineRow = typeof fundingLines.$inferSelect;
export type NewFundingLineRow = typeof fundingLines.$inferInsert;
