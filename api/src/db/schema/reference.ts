import { pgTable, text } from 'drizzle-orm/pg-core';

export const districts = pgTable('districts', {
  id: text().primaryKey(),
  name: text().notNull(),
  municipalities: text().array().notNull(),
});

export const languages = pgTable('languages', {
  code: text().primaryKey(),
  nameIt: text().notNull(),
  nameEn: text().notNull(),
  dialects: text().array().notNull(),
});
