import { and, asc, count, eq, exists, gt, inArray, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  assignments,
  districts,
  languages,
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorTimeOff,
  mediatorWeeklySlots,
  requests,
} from '../../db/schema/index.js';

export type MediatorRow = typeof mediators.$inferSelect;
export type MediatorLanguageRow = typeof mediatorLanguages.$inferSelect;
export type WeeklySlotRow = typeof mediatorWeeklySlots.$inferSelect;
export type TimeOffRow = typeof mediatorTimeOff.$inferSelect;

export interface MediatorFilter {
  languageCode?: string;
  districtId?: string;
  active?: boolean;
}

function filterConditions(db: Executor, filter: MediatorFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.languageCode !== undefined) {
    const speaks = db
      .select({ one: mediatorLanguages.mediatorId })
      .from(mediatorLanguages)
      .where(
        and(eq(mediatorLanguages.mediatorId, mediators.id), eq(mediatorLanguages.languageCode, filter.languageCode)),
      );
    conditions.push(exists(speaks));
  }
  if (filter.districtId !== undefined) {
    const serves = db
      .select({ one: mediatorDistricts.mediatorId })
      .from(mediatorDistricts)
      .where(and(eq(mediatorDistricts.mediatorId, mediators.id), eq(mediatorDistricts.districtId, filter.districtId)));
    conditions.push(exists(serves));
  }
  if (filter.active !== undefined) conditions.push(eq(mediators.active, filter.active));
  return and(...conditions);
}

export const mediatorsRepository = {
  async findById(db: Executor, id: string): Promise<MediatorRow | undefined> {
    const [row] = await db.select().from(mediators).where(eq(mediators.id, id));
    return row;
  },

  /** Reads the mediator and locks the row, so concurrent replacements of its languages, districts or availability queue up. */
  async findByIdForUpdate(db: Executor, id: string): Promise<MediatorRow | undefined> {
    const [row] = await db.select().from(mediators).where(eq(mediators.id, id)).for('update');
    return row;
  },

  async list(db: Executor, filter: MediatorFilter, page: { limit: number; offset: number }) {
    const where = filterConditions(db, filter);
    const [items, [total]] = await Promise.all([
      db
        .select()
        .from(mediators)
        .where(where)
        .orderBy(asc(mediators.fullName), asc(mediators.id))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(mediators).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  },

  async findLanguagesOfMediators(db: Executor, mediatorIds: string[]): Promise<MediatorLanguageRow[]> {
    if (mediatorIds.length === 0) return [];
    return db
      .select()
      .from(mediatorLanguages)
      .where(inArray(mediatorLanguages.mediatorId, mediatorIds))
      .orderBy(asc(mediatorLanguages.languageCode));
  },

  async findDistrictsOfMediators(db: Executor, mediatorIds: string[]) {
    if (mediatorIds.length === 0) return [];
    return db
      .select()
      .from(mediatorDistricts)
      .where(inArray(mediatorDistricts.mediatorId, mediatorIds))
      .orderBy(asc(mediatorDistricts.districtId));
  },

  async findExistingLanguageCodes(db: Executor, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await db.select({ code: languages.code }).from(languages).where(inArray(languages.code, codes));
    return new Set(rows.map((row) => row.code));
  },

  async findExistingDistrictIds(db: Executor, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.select({ id: districts.id }).from(districts).where(inArray(districts.id, ids));
    return new Set(rows.map((row) => row.id));
  },

  async insert(db: Executor, row: typeof mediators.$inferInsert): Promise<MediatorRow> {
    const [created] = await db.insert(mediators).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  },

  async update(
    db: Executor,
    id: string,
    patch: Partial<typeof mediators.$inferInsert>,
  ): Promise<MediatorRow | undefined> {
    const [row] = await db.update(mediators).set(patch).where(eq(mediators.id, id)).returning();
    return row;
  },

  async replaceLanguages(
    db: Executor,
    mediatorId: string,
    spoken: { code: string; level: MediatorLanguageRow['level']; dialects: string[] }[],
  ) {
    await db.delete(mediatorLanguages).where(eq(mediatorLanguages.mediatorId, mediatorId));
    if (spoken.length === 0) return;
    await db.insert(mediatorLanguages).values(
      spoken.map((language) => ({
        mediatorId,
        languageCode: language.code,
        level: language.level,
        dialects: language.dialects,
      })),
    );
  },

  async replaceDistricts(db: Executor, mediatorId: string, districtIds: string[]) {
    await db.delete(mediatorDistricts).where(eq(mediatorDistricts.mediatorId, mediatorId));
    if (districtIds.length === 0) return;
    await db.insert(mediatorDistricts).values(districtIds.map((districtId) => ({ mediatorId, districtId })));
  },

  async findWeeklySlots(db: Executor, mediatorId: string): Promise<WeeklySlotRow[]> {
    return db
      .select()
      .from(mediatorWeeklySlots)
      .where(eq(mediatorWeeklySlots.mediatorId, mediatorId))
      .orderBy(
        asc(mediatorWeeklySlots.weekday),
        asc(mediatorWeeklySlots.startMinute),
        asc(mediatorWeeklySlots.endMinute),
      );
  },

  async findTimeOff(db: Executor, mediatorId: string): Promise<TimeOffRow[]> {
    return db
      .select()
      .from(mediatorTimeOff)
      .where(eq(mediatorTimeOff.mediatorId, mediatorId))
      .orderBy(asc(mediatorTimeOff.startsAt), asc(mediatorTimeOff.endsAt));
  },

  async replaceWeeklySlots(
    db: Executor,
    mediatorId: string,
    slots: { weekday: number; startMinute: number; endMinute: number }[],
  ) {
    await db.delete(mediatorWeeklySlots).where(eq(mediatorWeeklySlots.mediatorId, mediatorId));
    if (slots.length === 0) return;
    await db.insert(mediatorWeeklySlots).values(slots.map((slot) => ({ mediatorId, ...slot })));
  },

  async replaceTimeOff(
    db: Executor,
    mediatorId: string,
    periods: { startsAt: Date; endsAt: Date; reason: string | null }[],
  ) {
    await db.delete(mediatorTimeOff).where(eq(mediatorTimeOff.mediatorId, mediatorId));
    if (periods.length === 0) return;
    await db.insert(mediatorTimeOff).values(periods.map((period) => ({ mediatorId, ...period })));
  },

  /** The mediator's assignments overlapping [from, to), with what the request says about them. */
  async findAssignmentsWithRequests(db: Executor, mediatorId: string, range: { from?: Date; to?: Date }) {
    return db
      .select({
        requestId: assignments.requestId,
        startsAt: assignments.startsAt,
        endsAt: assignments.endsAt,
        status: assignments.status,
        mode: assignments.mode,
        serviceType: requests.serviceType,
        languageCode: requests.languageCode,
        municipality: requests.locationMunicipality,
      })
      .from(assignments)
      .innerJoin(requests, eq(requests.id, assignments.requestId))
      .where(
        and(
          eq(assignments.mediatorId, mediatorId),
          range.from ? gt(assignments.endsAt, range.from) : undefined,
          range.to ? lt(assignments.startsAt, range.to) : undefined,
        ),
      )
      .orderBy(asc(assignments.startsAt), asc(assignments.createdAt));
  },
};
