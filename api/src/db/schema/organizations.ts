import { check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { organizationKinds } from '@ponte/shared';
import { createdAt, id, oneOf } from './helpers.js';
import { districts } from './reference.js';

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text().notNull(),
    kind: text({ enum: organizationKinds }).notNull(),
    municipality: text().notNull(),
    districtId: text()
      .notNull()
      .references(() => districts.id),
    address: text().notNull(),
    phone: text(),
    createdAt: createdAt(),
  },
  (table) => [check('organizations_kind_check', oneOf(table.kind, organizationKinds)), index().on(table.districtId)],
);
