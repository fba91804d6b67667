import { afterAll, beforeAll, expect, it } from 'vitest';
import { requests } from '../../src/db/schema/index.js';
import { shapeFromDatabase } from '../../simulate/shape.js';
import { createOrganization } from '../helpers/factories.js';
import { createTestDatabase } from '../helpers/test-app.js';

const HOUR = 3_600_000;
let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => testDatabase.drop());

it("`pnpm simulate --from-database` reads the shape of the last months' requests, and only its counts", async () => {
  const { db } = testDatabase.database;
  const school = await createOrganization(db, { kind: 'school', districtId: 'vimercate' });
  const service = await createOrganization(db, {
    kind: 'social_service',
    districtId: 'trezzo',
    municipality: "Trezzo sull'Adda",
  });
  const now = Date.now();
  const row = (
    organization: typeof school,
    languageCode: string,
    daysAgo: number,
    leadHours: number,
    durationMinutes: number,
  ) => {
    const createdAt = new Date(now - daysAgo * 24 * HOUR);
    return {
      organizationId: organization.id,
      serviceType: organization.kind === 'school' ? ('school_meeting' as const) : ('social_interview' as const),
      languageCode,
      mode: 'in_person' as const,
      startsAt: new Date(createdAt.getTime() + leadHours * HOUR),
      durationMinutes,
      districtId: organization.districtId,
      locationAddress: 'Via Roma 1',
      locationMunicipality: organization.municipality,
      caseRef: 'CASO-SEGRETO',
      contactName: 'Maestra Rossi',
      contactPhone: '+390391234567',
      notes: 'nota riservata',
      createdAt,
    };
  };
  await db.insert(requests).values([
    row(school, 'ar', 10, 5, 60),
    row(school, 'ar', 20, 30, 60),
    row(school, 'zh', 30, 100, 90),
    row(service, 'ar', 40, 10, 120),
    // Older than the three months asked for: left out.
    row(service, 'ur', 200, 10, 120),
  ]);

  const shape = await shapeFromDatabase(testDatabase.url, 3);
  expect(shape.source).toBe('database');
  expect(Object.fromEntries(shape.languages)).toEqual({ ar: 3, zh: 1 });
  expect(Object.fromEntries(shape.districts)).toEqual({ vimercate: 3, trezzo: 1 });
  expect(Object.fromEntries(shape.kinds)).toEqual({ school: 3, social_service: 1 });
  expect(Object.fromEntries(shape.durations)).toEqual({ 60: 2, 90: 1, 120: 1 });
  expect(Object.fromEntries(shape.leadTimes)).toEqual({ under_24h: 2, one_to_three_days: 1, planned: 1 });
  expect(Object.fromEntries(shape.modes)).toEqual({ in_person: 4 });
  // Four requests over about 65 weekdays.
  expect(shape.requestsPerSchoolDay).toBe(1);
  // Nothing personal travels: no case reference, contact or note is in the shape.
  const text = JSON.stringify(shape);
  for (const secret of ['CASO-SEGRETO', 'Rossi', 'nota riservata', '+390391234567']) expect(text).not.toContain(secret);
});
