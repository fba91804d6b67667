import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './helpers.js';
import { mediators } from './mediators.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

/**
 * A mediator who must never be offered a case (issue 16, conflict of interest). A case is an
 * organization's case reference, a pseudonym: nothing here says anything about the family.
 */
export const caseExclusions = pgTable(
  'case_exclusions',
  {
    id: id(),
    mediatorId: uuid()
      .notNull()
      .references(() => mediators.id, { onDelete: 'cascade' }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    caseRef: text().notNull(),
    reason: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('case_exclusions_unique').on(table.mediatorId, table.organizationId, table.caseRef),
    // Every ranking of a request with a case reference looks its exclusions up.
    index('case_exclusions_case_idx').on(table.organizationId, table.caseRef),
  ],
);

export type CaseExclusionRow = typeof caseExclusions.$inferSelect;
