import type { Database } from '../src/db/client.js';
import { demoMediators, demoOrganizations } from '../src/db/demo-data.js';
import {
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorWeeklySlots,
  organizations,
  users,
} from '../src/db/schema/index.js';

/** Ids fixed by position: the ranking breaks ties by id, so the same seed must meet the same ids. */
export const simUuid = (kind: number, index: number) =>
  `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${index.toString(16).padStart(12, '0')}`;

export const COORDINATOR_USER_ID = simUuid(1, 0);
export const organizationId = (index: number) => simUuid(2, index);
export const mediatorId = (index: number) => simUuid(3, index);
export const mediatorUserId = (index: number) => simUuid(4, index);

const DISTRICTS = [...new Set(demoOrganizations.map((organization) => organization.row.districtId))];

export interface SimMediator {
  index: number;
  id: string;
  userId: string;
  maxWeeklyMinutes: number;
  languageCodes: string[];
}

/**
 * The simulated provider: the demo organizations, and the demo roster `scale` times over (each copy
 * keeps the languages and qualifications, serves the same districts and one more, and takes another
 * demo mediator's weekly hours and another of its districts as home), so a language such as Arabic has enough speakers for batches and
 * broadcasts to differ. Written straight into the tables, as the seed does: this is the provider's
 * setup, not dispatch.
 */
export async function seedSimulatedProvider(
  db: Database,
  scale: number,
): Promise<{
  organizationIds: Map<string, string>;
  roster: SimMediator[];
}> {
  const organizationIds = new Map<string, string>();
  await db.insert(organizations).values(
    demoOrganizations.map((organization, index) => {
      organizationIds.set(organization.key, organizationId(index));
      return { ...organization.row, id: organizationId(index), phone: null };
    }),
  );
  await db.insert(users).values({
    id: COORDINATOR_USER_ID,
    email: 'coordinatrice@ponte.sim',
    name: 'Coordinatrice',
    role: 'coordinator',
  });
  const roster: SimMediator[] = [];
  const rows = {
    mediators: [] as (typeof mediators.$inferInsert)[],
    languages: [] as (typeof mediatorLanguages.$inferInsert)[],
    districts: [] as (typeof mediatorDistricts.$inferInsert)[],
    slots: [] as (typeof mediatorWeeklySlots.$inferInsert)[],
    users: [] as (typeof users.$inferInsert)[],
  };
  for (let copy = 0; copy < scale; copy += 1) {
    for (const [position, demo] of demoMediators.entries()) {
      const index = roster.length;
      const id = mediatorId(index);
      const hours = demoMediators[(position + copy * 7) % demoMediators.length]?.weekly ?? demo.weekly;
      const home = demo.districtIds[copy % demo.districtIds.length] ?? demo.profile.homeDistrictId;
      rows.mediators.push({
        ...demo.profile,
        id,
        fullName: copy === 0 ? demo.profile.fullName : `${demo.profile.fullName} (${copy + 1})`,
        email: `mediatore-${index}@ponte.sim`,
        phone: `+39333${String(1_000_000 + index).slice(-7)}`,
        homeDistrictId: home,
        calendarToken: `sim-calendar-${index}`,
      });
      rows.languages.push(...demo.languages.map((language) => ({ ...language, mediatorId: id })));
      const extra = DISTRICTS[(position + copy) % DISTRICTS.length] as string;
      const served = copy === 0 || demo.districtIds.includes(extra) ? demo.districtIds : [...demo.districtIds, extra];
      rows.districts.push(...served.map((districtId) => ({ districtId, mediatorId: id })));
      rows.slots.push(...hours.map((slot) => ({ ...slot, mediatorId: id })));
      rows.users.push({
        id: mediatorUserId(index),
        email: `mediatore-${index}@ponte.sim`,
        name: demo.profile.fullName,
        role: 'mediator',
        mediatorId: id,
      });
      roster.push({
        index,
        id,
        userId: mediatorUserId(index),
        maxWeeklyMinutes: demo.profile.maxWeeklyMinutes,
        languageCodes: demo.languages.map((language) => language.languageCode),
      });
    }
  }
  await db.insert(mediators).values(rows.mediators);
  await db.insert(mediatorLanguages).values(rows.languages);
  await db.insert(mediatorDistricts).values(rows.districts);
  await db.insert(mediatorWeeklySlots).values(rows.slots);
  await db.insert(users).values(rows.users);
  return { organizationIds, roster };
}
