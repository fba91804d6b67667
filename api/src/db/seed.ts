import { count, sql } from 'drizzle-orm';
import { toStoredPhone } from '@ponte/shared';
import type { Config } from '../config.js';
import { hashPassword } from '../lib/passwords.js';
import { newOpaqueToken } from '../lib/tokens.js';
import type { Database } from './client.js';
import {
  demoFundingLines,
  demoMediators,
  demoOrganizations,
  demoPastRequests,
  demoUsers,
  DEMO_PASSWORD,
} from './demo-data.js';
import districtsFile from './reference-data/districts.json' with { type: 'json' };
import languagesFile from './reference-data/languages.json' with { type: 'json' };
import {
  assignments,
  districts,
  fundingLines,
  languages,
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorWeeklySlots,
  organizations,
  requests,
  users,
} from './schema/index.js';

interface Logger {
  info(message: string): void;
}

/**
 * Reference data goes into every empty database; demo data only when asked and the database has no
 * organizations. `now` dates the demo's funding lines and their past services.
 */
export async function seedDatabase(db: Database, config: Config, log: Logger, now: Date = new Date()) {
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
        await seedDemo(transaction as unknown as Database, now);
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

async function seedDemo(db: Database, now: Date) {
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
  const mediatorIdByEmail = new Map<string, string>();
  for (const mediator of demoMediators) {
    const [row] = await db
      .insert(mediators)
      .values({ ...mediator.profile, phone: demoPhone(mediator.profile.phone), calendarToken: newOpaqueToken() })
      .returning({ id: mediators.id });
    if (!row) continue;
    mediatorIds.push(row.id);
    mediatorIdByEmail.set(mediator.profile.email, row.id);
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
  await seedDemoFunding(db, now, organizationIds, mediatorIdByEmail);
}

/** The demo's funding lines, with part of their hours used by past services (completed and confirmed). */
async function seedDemoFunding(
  db: Database,
  now: Date,
  organizationIds: Map<string, string>,
  mediatorIds: Map<string, string>,
) {
  const lineIds = new Map<string, string>();
  for (const line of demoFundingLines(now)) {
    const [row] = await db.insert(fundingLines).values(line.row).returning({ id: fundingLines.id });
    if (row) lineIds.set(line.key, row.id);
  }
  const organizationRows = await db.select().from(organizations);
  const organizationById = new Map(organizationRows.map((row) => [row.id, row]));
  for (const past of demoPastRequests(now)) {
    const organizationId = organizationIds.get(past.organizationKey);
    const organization = organizationId ? organizationById.get(organizationId) : undefined;
    const mediatorId = mediatorIds.get(past.mediatorEmail);
    const fundingLineId = lineIds.get(past.lineKey);
    if (!organization || !mediatorId || !fundingLineId) continue;
    const endsAt = new Date(past.startsAt.getTime() + past.durationMinutes * 60_000);
    const [request] = await db
      .insert(requests)
      .values({
        organizationId: organization.id,
        serviceType: past.serviceType,
        languageCode: past.languageCode,
        mode: 'in_person',
        startsAt: past.startsAt,
        durationMinutes: past.durationMinutes,
        districtId: organization.districtId,
        locationAddress: organization.address,
        locationMunicipality: organization.municipality,
        caseRef: past.caseRef,
        contactName: 'Referente del servizio',
        status: 'completed',
        dispatchPlan: { tier: 'planned' },
        assignedMediatorId: mediatorId,
        assignedAt: new Date(past.startsAt.getTime() - 3 * 86_400_000),
        actualMinutes: past.actualMinutes,
        outcome: 'done',
        completedAt: endsAt,
        confirmed: true,
        rating: 5,
        confirmedAt: new Date(endsAt.getTime() + 86_400_000),
        fundingLineId,
        createdAt: new Date(past.startsAt.getTime() - 4 * 86_400_000),
      })
      .returning({ id: requests.id });
    if (!request) continue;
    await db.insert(assignments).values({
      requestId: request.id,
      mediatorId,
      startsAt: past.startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + 30 * 60_000),
      mode: 'in_person',
      status: 'completed',
      createdAt: new Date(past.startsAt.getTime() - 3 * 86_400_000),
      endedAt: endsAt,
    });
  }
}
