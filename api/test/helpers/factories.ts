import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Gender, LanguageLevel, Mode, OrganizationKind, Qualification, Role } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import {
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorWeeklySlots,
  organizations,
  users,
} from '../../src/db/schema/index.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { newOpaqueToken } from '../../src/lib/tokens.js';
import { cookieOf, http } from './http.js';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;
const cachedHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));
const suffix = () => randomBytes(4).toString('hex');

export async function createOrganization(
  db: Database,
  overrides: Partial<typeof organizations.$inferInsert> & { kind?: OrganizationKind } = {},
) {
  const [row] = await db
    .insert(organizations)
    .values({
      name: `Scuola ${suffix()}`,
      kind: 'school',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: 'Via Roma 1, Vimercate',
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('no organization');
  return row;
}

export interface MediatorOptions {
  fullName?: string;
  gender?: Gender | null;
  languages?: (string | { code: string; level?: LanguageLevel; dialects?: string[] })[];
  districtIds?: string[];
  homeDistrictId?: string;
  modes?: Mode[];
  qualifications?: Qualification[];
  maxWeeklyMinutes?: number;
  active?: boolean;
  /** Weekly slots as [weekday, "HH:MM", "HH:MM"]; defaults to every day, all day. */
  weekly?: [number, string, string][];
}

const minutes = (time: string) => {
  const [hours = 0, mins = 0] = time.split(':').map(Number);
  return hours * 60 + mins;
};

export async function createMediator(db: Database, options: MediatorOptions = {}) {
  const [mediator] = await db
    .insert(mediators)
    .values({
      fullName: options.fullName ?? `Mediatore ${suffix()}`,
      email: `mediator-${suffix()}@test.ponte`,
      phone: '+39 333 0000000',
      gender: options.gender ?? null,
      homeDistrictId: options.homeDistrictId ?? 'vimercate',
      modes: options.modes ?? ['in_person', 'phone', 'video'],
      qualifications: options.qualifications ?? ['school', 'social_services'],
      maxWeeklyMinutes: options.maxWeeklyMinutes ?? 2400,
      active: options.active ?? true,
      calendarToken: newOpaqueToken(),
    })
    .returning();
  if (!mediator) throw new Error('no mediator');
  const languages = (options.languages ?? ['ar']).map((language) =>
    typeof language === 'string' ? { code: language } : language,
  );
  await db.insert(mediatorLanguages).values(
    languages.map((language) => ({
      mediatorId: mediator.id,
      languageCode: language.code,
      level: language.level ?? 'native',
      dialects: language.dialects ?? [],
    })),
  );
  const districtIds = options.districtIds ?? ['vimercate'];
  if (districtIds.length > 0)
    await db
      .insert(mediatorDistricts)
      .values(districtIds.map((districtId) => ({ mediatorId: mediator.id, districtId })));
  const weekly =
    options.weekly ?? [1, 2, 3, 4, 5, 6, 7].map((day): [number, string, string] => [day, '00:00', '24:00']);
  if (weekly.length > 0) {
    await db.insert(mediatorWeeklySlots).values(
      weekly.map(([weekday, start, end]) => ({
        mediatorId: mediator.id,
        weekday,
        startMinute: minutes(start),
        endMinute: minutes(end),
      })),
    );
  }
  return mediator;
}

export async function createUser(
  db: Database,
  options: { role: Role; organizationId?: string; mediatorId?: string; email?: string; locale?: 'it' | 'en' },
) {
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `${options.role}-${suffix()}@test.ponte`,
      name: `Test ${options.role}`,
      role: options.role,
      organizationId: options.organizationId ?? null,
      mediatorId: options.mediatorId ?? null,
      passwordHash: await cachedHash(),
      locale: options.locale ?? 'it',
    })
    .returning();
  if (!user) throw new Error('no user');
  return user;
}

/** Signs in through the real endpoint; returns the bearer header and the refresh cookie. */
export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  const response = await http(app, 'POST', '/api/auth/login', { body: { email, password } });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed for ${email}: ${response.statusCode} ${response.text}`);
  const body = response.body as { accessToken: string; user: { id: string } };
  const cookie = cookieOf(response, 'ponte_refresh');
  return {
    token: body.accessToken,
    headers: { authorization: `Bearer ${body.accessToken}` },
    refreshCookie: cookie?.value ?? '',
    userId: body.user.id,
  };
}

/** A user of the given role with a session, in one call. */
export async function createSignedInUser(
  app: FastifyInstance,
  db: Database,
  options: Parameters<typeof createUser>[1],
) {
  const user = await createUser(db, options);
  return { user, ...(await signIn(app, user.email)) };
}
