import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from './helpers.js';

/**
 * Every change that is pushed live, written in the transaction of the change itself. The id orders
 * the stream (SSE `id:` and `Last-Event-ID`); rows carry ids and a status, never personal data.
 * Audience: coordinators see all; requesters their organization's; a mediator rows addressed to them.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: instant().notNull().defaultNow(),
    type: text().notNull(),
    requestId: uuid().notNull(),
    organizationId: uuid().notNull(),
    /** The mediator the event concerns (the offer's, or the assigned one), if any. */
    mediatorId: uuid(),
    status: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index().on(table.at)],
);
