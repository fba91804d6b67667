import { count, sql } from 'drizzle-orm';
import { toStoredPhone } from '@ponte/shared';
import type { Config } from '../config.js';
import { hashPassword } from '../lib/passwords.js';
import { newOpaqueToken } from '../lib/tokens.js';
import type { Database } from './client.js';
import { demoMediators, demoOrganizations, demoUsers, DEMO_PASSWORD } from './demo-data.js';
import districtsFile from './reference-data/districts.json' with { type: 'json' };
import languagesFile from './reference-data/languages.json' with { type: 'json' };
import {
  districts,
  languages,
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorWeeklySlots,
  organizations,
  users,
} from './schema/index.js';

interface Logger {
  info(message: string): void;
}

/** Reference data goes into every empty database; demo data only when asked and the database has no organizations. */
export async function seedDatabase(db: Database, config: Config, log: Logger) {
  await db.transaction(async (transaction) => {
    // Several instances may start together on one database: one seeds, the others find it done.
    await transaction.execute(sql`SELECT pg_advisory_xact_lock(7461231)`);
    const [districtCount] = await transaction.select({ n: count() }).from(districts);
    if ((districtCount?.n ?? 0) === 0) {
      await transaction.insert(districts).values(districtsFile.districts);
      await transaction.insert(languages).values(languagesFile.languages);
      log.info('reference data loaded (districts, languages)');
    }
    if (config.seed === 'demo') {
      const [organizationCount] = await transaction.select({ n: count() }).from(organizations);
      if ((organizationCount?.n ?? 0) === 0) {
        await seedDemo(transaction as unknown as Database);
        log.info('demo data loaded');
      }
    }
    if (config.admin) await ensureAdmin(transaction as unknown as Database, config.admin, log);
  });
}

async function ensureAdmin(db: Database, admin: { email: string; password: string }, log: Logger) {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${admin.email})`);
  if (existing) return;
  await db.insert(users).values({
    email: admin.email.toLowerCase(),
    name: 'Administrator',
    role: 'coordinator',
    passwordHash: await hashPassword(admin.password),
  });
  log.info(`coordinator account created for ${admin.email}`);
}

/** Demo numbers are written as people write them; they are stored as the API stores any number (E.164). */
function demoPhone(written: string): string {
  const phone = toStoredPhone(written);
  if (!phone) throw new Error(`demo data: ${written} is not a valid phone number`);
  return phone;
}

async function seedDemo(db: Database) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const organizationIds = new Map<string, string>();
  for (const organization of demoOrganizations) {
    const [row] = await db
      .insert(organizations)
      .values({ ...organization.row, phone: organization.row.phone ? demoPhone(organization.row.phone) : null })
      .returning({ id: organizations.id });
    if (row) organizationIds.set(organization.key, row.id);
  }
  const mediatorIds: string[] = [];
  for (const mediator of demoMediators) {
    const [row] = await db
      .insert(mediators)
      .values({ ...mediator.profile, phone: demoPhone(mediator.profile.phone), calendarToken: newOpaqueToken() })
      .returning({ id: mediators.id });
    if (!row) continue;
    mediatorIds.push(row.id);
    await db
      .insert(mediatorLanguages)
      .values(mediator.languages.map((language) => ({ ...language, mediatorId: row.id })));
    await db
      .insert(mediatorDistricts)
      .values(mediator.districtIds.map((districtId) => ({ districtId, mediatorId: row.id })));
    await db.insert(mediatorWeeklySlots).values(mediator.weekly.map((slot) => ({ ...slot, mediatorId: row.id })));
    await db.insert(users).values({
      email: mediator.profile.email,
      name: mediator.profile.fullName,
      role: 'mediator',
      mediatorId: row.id,
      passwordHash,
    });
  }
  for (const user of demoUsers) {
    await db.insert(users).values({
      email: user.email,
      name: user.name,
      role: user.role,
      organizationId: user.organizationKey ? (organizationIds.get(user.organizationKey) ?? null) : null,
      passwordHash,
      locale: user.locale,
    });
  }
}
