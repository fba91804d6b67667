import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { assignments, mediators, requests } from '../../src/db/schema/index.js';
import { http } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser, type MediatorOptions } from '../helpers/factories.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

type Headers = Record<string, string>;
interface FieldErrors {
  errors: { path: string; message: string }[];
}

let context: TestContext;
let db: Database;
let coordinator: Headers;
let requester: Headers;

beforeAll(async () => {
  context = await createTestApp();
  db = context.database.db;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
  const organization = await createOrganization(db);
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: organization.id }))
    .headers;
});
afterAll(async () => context.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload?: object) =>
  http(context.app, method, url, { headers, ...(payload ? { body: payload } : {}) });

/** A mediator with an account of their own, signed in. */
async function createSignedInMediator(options: MediatorOptions = {}) {
  const mediator = await createMediator(db, options);
  const session = await createSignedInUser(context.app, db, { role: 'mediator', mediatorId: mediator.id });
  return { mediator, headers: session.headers };
}

let emailCounter = 0;
const newMediatorBody = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Amina Haddad',
  email: `Amina.Haddad.${(emailCounter += 1)}@Test.Ponte`,
  phone: '+39 333 1234567',
  gender: 'female',
  languages: [
    { code: 'ar', dialects: ['Marocchino (Darija)'], level: 'native' },
    { code: 'fr', level: 'fluent' },
  ],
  districtIds: ['vimercate', 'trezzo'],
  homeDistrictId: 'vimercate',
  modes: ['in_person', 'phone'],
  qualifications: ['school'],
  maxWeeklyMinutes: 1200,
  ...overrides,
});

const errorPaths = (body: FieldErrors) => body.errors.map((error) => error.path).sort();

/** A request assigned to the mediator, with its assignment row, as dispatch would leave them. */
async function createAssignment(
  mediatorId: string,
  options: {
    startsAt: string;
    minutes?: number;
    municipality?: string;
    status?: 'active' | 'completed' | 'cancelled' | 'withdrawn';
  },
) {
  const organization = await createOrganization(db);
  const startsAt = new Date(options.startsAt);
  const endsAt = new Date(startsAt.getTime() + (options.minutes ?? 60) * 60_000);
  const [request] = await db
    .insert(requests)
    .values({
      organizationId: organization.id,
      serviceType: 'school_meeting',
      languageCode: 'ar',
      mode: 'in_person',
      startsAt,
      durationMinutes: options.minutes ?? 60,
      districtId: 'vimercate',
      locationMunicipality: options.municipality ?? 'Arcore',
      status: 'assigned',
      assignedMediatorId: mediatorId,
    })
    .returning();
  if (!request) throw new Error('no request');
  await db.insert(assignments).values({
    requestId: request.id,
    mediatorId,
    startsAt,
    endsAt,
    blockedUntil: new Date(endsAt.getTime() + 30 * 60_000),
    mode: 'in_person',
    status: options.status ?? 'active',
  });
  return request;
}

describe('POST /api/mediators', () => {
  it('creates a mediator with languages and districts, and reads it back', async () => {
    const response = await call('POST', '/api/mediators', coordinator, newMediatorBody());
    expect(response.statusCode).toBe(201);
    const created = response.body;
    expect(created).toMatchObject({
      fullName: 'Amina Haddad',
      email: expect.stringMatching(/^amina\.haddad\.\d+@test\.ponte$/),
      gender: 'female',
      languages: [
        { code: 'ar', dialects: ['Marocchino (Darija)'], level: 'native' },
        { code: 'fr', dialects: [], level: 'fluent' },
      ],
      districtIds: ['trezzo', 'vimercate'],
      homeDistrictId: 'vimercate',
      modes: ['in_person', 'phone'],
      qualifications: ['school'],
      maxWeeklyMinutes: 1200,
      active: true,
    });
    expect(created.calendarUrl).toMatch(
      new RegExp(`^${context.config.publicUrl}/api/mediators/${created.id}/calendar\\.ics\\?token=[\\w-]{40,}$`),
    );
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    expect((await call('GET', `/api/mediators/${created.id}`, coordinator)).body).toEqual(created);
  });

  it('names unknown language codes and districts, and creates nothing', async () => {
    const body = newMediatorBody({
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'xx', level: 'fluent' },
      ],
      districtIds: ['vimercate', 'atlantis'],
      homeDistrictId: 'lemuria',
    });
    const response = await call('POST', '/api/mediators', coordinator, body);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((response.body as FieldErrors).errors).toEqual([
      { path: 'languages.1.code', message: 'no such language' },
      { path: 'districtIds.1', message: 'no such district' },
      { path: 'homeDistrictId', message: 'no such district' },
    ]);
    expect(await db.select().from(mediators).where(eq(mediators.email, body.email.toLowerCase()))).toEqual([]);
  });

  it('names each invalid field of the body', async () => {
    const empty = await call(
      'POST',
      '/api/mediators',
      coordinator,
      newMediatorBody({ languages: [], modes: [], maxWeeklyMinutes: 5000, fullName: ' ' }),
    );
    expect(empty.statusCode).toBe(400);
    expect(errorPaths(empty.body)).toEqual(['fullName', 'languages', 'maxWeeklyMinutes', 'modes']);
    const languages = (empty.body as FieldErrors).errors.find((error) => error.path === 'languages');
    expect(languages?.message).toBe('needs at least one language');

    const twice = await call(
      'POST',
      '/api/mediators',
      coordinator,
      newMediatorBody({
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'ar', level: 'working' },
        ],
        districtIds: ['vimercate', 'vimercate'],
      }),
    );
    expect(twice.statusCode).toBe(400);
    expect(errorPaths(twice.body)).toEqual(['districtIds', 'languages']);

    const missing = await call('POST', '/api/mediators', coordinator, { fullName: 'Solo Nome' });
    expect(missing.statusCode).toBe(400);
    expect(errorPaths(missing.body)).toEqual([
      'districtIds',
      'email',
      'homeDistrictId',
      'languages',
      'maxWeeklyMinutes',
      'modes',
      'phone',
      'qualifications',
    ]);
  });

  it('is for coordinators only', async () => {
    const { headers } = await createSignedInMediator();
    for (const headersOfCaller of [headers, requester]) {
      const response = await call('POST', '/api/mediators', headersOfCaller, newMediatorBody());
      expect(response.statusCode).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
    expect((await http(context.app, 'POST', '/api/mediators', { body: newMediatorBody() })).statusCode).toBe(401);
  });
});

describe('GET /api/mediators', () => {
  it('filters by language, district and active, and counts the matches', async () => {
    const tigrinyaInCarate = await createMediator(db, {
      fullName: 'A Tigrinya Carate',
      languages: ['ti'],
      districtIds: ['carate'],
    });
    const tigrinyaInactive = await createMediator(db, {
      fullName: 'B Tigrinya Seregno',
      languages: ['ti', 'am'],
      districtIds: ['seregno'],
      active: false,
    });
    const amharicInCarate = await createMediator(db, {
      fullName: 'C Amharic Carate',
      languages: ['am'],
      districtIds: ['carate', 'trezzo'],
    });
    const list = async (query: string) => {
      const response = await call('GET', `/api/mediators?${query}`, coordinator);
      expect(response.statusCode).toBe(200);
      const body = response.body as { items: { id: string }[]; total: number };
      return { ids: body.items.map((item) => item.id), total: body.total };
    };

    expect(await list('language=ti')).toEqual({ ids: [tigrinyaInCarate.id, tigrinyaInactive.id], total: 2 });
    expect(await list('language=ti&districtId=carate')).toEqual({ ids: [tigrinyaInCarate.id], total: 1 });
    expect(await list('language=ti&active=false')).toEqual({ ids: [tigrinyaInactive.id], total: 1 });
    expect(await list('language=am&active=true')).toEqual({ ids: [amharicInCarate.id], total: 1 });
    expect(await list('language=ti&limit=1&offset=1')).toEqual({ ids: [tigrinyaInactive.id], total: 2 });
    expect(await list('language=ha')).toEqual({ ids: [], total: 0 });

    const inCarate = (await call('GET', '/api/mediators?districtId=carate&language=am', coordinator)).body;
    expect(inCarate.items[0]).toEqual({
      id: amharicInCarate.id,
      fullName: 'C Amharic Carate',
      email: amharicInCarate.email,
      phone: amharicInCarate.phone,
      gender: null,
      languages: [{ code: 'am', dialects: [], level: 'native' }],
      districtIds: ['carate', 'trezzo'],
      homeDistrictId: 'vimercate',
      modes: ['in_person', 'phone', 'video'],
      qualifications: ['school', 'social_services'],
      maxWeeklyMinutes: 2400,
      active: true,
    });
    expect(inCarate.items[0]).not.toHaveProperty('calendarUrl');
  });

  it('refuses a bad filter and anyone but a coordinator', async () => {
    const bad = await call('GET', '/api/mediators?active=maybe&limit=0', coordinator);
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad.body)).toEqual(['querystring.active', 'querystring.limit']);
    const { headers } = await createSignedInMediator();
    expect((await call('GET', '/api/mediators', headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/mediators', requester)).statusCode).toBe(403);
  });
});

describe('GET /api/mediators/:id', () => {
  it('shows a mediator their own profile with the feed URL', async () => {
    const { mediator, headers } = await createSignedInMediator({
      languages: [{ code: 'zh', dialects: ['Wenzhouese'], level: 'native' }],
    });
    const response = await call('GET', `/api/mediators/${mediator.id}`, headers);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      id: mediator.id,
      languages: [{ code: 'zh', dialects: ['Wenzhouese'], level: 'native' }],
      calendarUrl: `${context.config.publicUrl}/api/mediators/${mediator.id}/calendar.ics?token=${mediator.calendarToken}`,
    });
  });

  it('answers 404 to another mediator, 403 to a requester, 404 for an unknown id', async () => {
    const { mediator } = await createSignedInMediator();
    const other = await createSignedInMediator();
    const asOther = await call('GET', `/api/mediators/${mediator.id}`, other.headers);
    expect(asOther.statusCode).toBe(404);
    expect(asOther.body.code).toBe('NOT_FOUND');
    expect((await call('GET', `/api/mediators/${mediator.id}`, requester)).statusCode).toBe(403);
    expect((await call('GET', '/api/mediators/00000000-0000-4000-8000-000000000000', coordinator)).statusCode).toBe(
      404,
    );
    expect((await call('GET', '/api/mediators/not-a-uuid', coordinator)).statusCode).toBe(400);
  });
});

describe('PATCH /api/mediators/:id', () => {
  it('lets a mediator change their phone, modes, districts and dialects', async () => {
    const { mediator, headers } = await createSignedInMediator({
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'fr', level: 'working' },
      ],
    });
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, headers, {
      phone: '+39 347 7654321',
      modes: ['phone', 'video'],
      districtIds: ['seregno', 'carate'],
      languages: [
        { code: 'fr', level: 'working' },
        { code: 'ar', dialects: ['Tunisino', 'Egiziano'], level: 'native' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const expected = {
      // Stored in E.164, whatever way it was written.
      phone: '+393477654321',
      modes: ['phone', 'video'],
      districtIds: ['carate', 'seregno'],
      languages: [
        { code: 'ar', dialects: ['Tunisino', 'Egiziano'], level: 'native' },
        { code: 'fr', dialects: [], level: 'working' },
      ],
      fullName: mediator.fullName,
      qualifications: mediator.qualifications,
    };
    expect(response.body).toMatchObject(expected);
    expect((await call('GET', `/api/mediators/${mediator.id}`, headers)).body).toMatchObject(expected);
  });

  it('lets a mediator echo coordinator-only fields unchanged', async () => {
    const { mediator, headers } = await createSignedInMediator({ gender: 'male' });
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, headers, {
      fullName: mediator.fullName,
      email: mediator.email.toUpperCase(),
      gender: 'male',
      maxWeeklyMinutes: mediator.maxWeeklyMinutes,
      homeDistrictId: mediator.homeDistrictId,
      phone: '+39 320 1111111',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ phone: '+393201111111', email: mediator.email });
  });

  it.each([
    ['qualifications', { qualifications: ['school', 'social_services'] }],
    ['qualifications', { qualifications: ['school', 'social_services', 'parenting_assessment'] }],
    ['active', { active: true }],
    ['fullName', { fullName: 'Someone Else' }],
    ['email', { email: 'elsewhere@test.ponte' }],
    ['gender', { gender: 'female' }],
    ['maxWeeklyMinutes', { maxWeeklyMinutes: 4200 }],
    ['homeDistrictId', { homeDistrictId: 'carate' }],
    ['languages', { languages: [{ code: 'ar', level: 'working' }] }],
    [
      'languages',
      {
        languages: [
          { code: 'ar', level: 'native' },
          { code: 'fa', level: 'fluent' },
        ],
      },
    ],
    ['languages', { languages: [{ code: 'so', level: 'native' }] }],
  ])('refuses a mediator changing %s with 403 and changes nothing', async (field, patch) => {
    const { mediator, headers } = await createSignedInMediator({ languages: [{ code: 'ar', level: 'native' }] });
    const before = (await call('GET', `/api/mediators/${mediator.id}`, headers)).body;
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, headers, {
      phone: '+39 399 9999999',
      ...patch,
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({
      code: 'FORBIDDEN',
      detail: `A mediator may not change ${field}`,
      errors: [{ path: field }],
    });
    expect((await call('GET', `/api/mediators/${mediator.id}`, headers)).body).toEqual(before);
  });

  it('names every field a mediator may not change at once', async () => {
    const { mediator, headers } = await createSignedInMediator();
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, headers, {
      active: false,
      qualifications: [],
      maxWeeklyMinutes: 60,
    });
    expect(response.statusCode).toBe(403);
    expect(errorPaths(response.body)).toEqual(['active', 'maxWeeklyMinutes', 'qualifications']);
  });

  it('answers 404 to a mediator patching someone else, 403 to a requester', async () => {
    const { mediator } = await createSignedInMediator();
    const other = await createSignedInMediator();
    expect(
      (await call('PATCH', `/api/mediators/${mediator.id}`, other.headers, { phone: '+39 320 0000000' })).statusCode,
    ).toBe(404);
    expect(
      (await call('PATCH', `/api/mediators/${mediator.id}`, requester, { phone: '+39 320 0000000' })).statusCode,
    ).toBe(403);
    expect((await call('GET', `/api/mediators/${mediator.id}`, coordinator)).body.phone).toBe(mediator.phone);
  });

  it('lets a coordinator change any field', async () => {
    const mediator = await createMediator(db, { languages: ['ar'], qualifications: ['school'] });
    const patch = {
      fullName: 'Nuovo Nome',
      email: 'Nuovo.Nome@Test.Ponte',
      phone: '+39 331 2222222',
      gender: 'female',
      languages: [
        { code: 'ur', dialects: [], level: 'fluent' },
        { code: 'pa', dialects: ['Majhi'], level: 'native' },
      ],
      districtIds: ['trezzo'],
      homeDistrictId: 'trezzo',
      modes: ['video'],
      qualifications: ['social_services', 'parenting_assessment'],
      maxWeeklyMinutes: 600,
      active: false,
    };
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, coordinator, patch);
    expect(response.statusCode).toBe(200);
    const expected = {
      ...patch,
      email: 'nuovo.nome@test.ponte',
      phone: '+393312222222',
      languages: [
        { code: 'pa', dialects: ['Majhi'], level: 'native' },
        { code: 'ur', dialects: [], level: 'fluent' },
      ],
    };
    expect(response.body).toMatchObject(expected);
    expect((await call('GET', `/api/mediators/${mediator.id}`, coordinator)).body).toMatchObject(expected);

    const cleared = await call('PATCH', `/api/mediators/${mediator.id}`, coordinator, { gender: null });
    expect(cleared.body).toMatchObject({ gender: null, fullName: 'Nuovo Nome' });
  });

  it('names unknown references in a patch', async () => {
    const mediator = await createMediator(db);
    const response = await call('PATCH', `/api/mediators/${mediator.id}`, coordinator, {
      languages: [{ code: 'klingon', level: 'native' }],
      homeDistrictId: 'atlantis',
    });
    expect(response.statusCode).toBe(400);
    expect(errorPaths(response.body)).toEqual(['homeDistrictId', 'languages.0.code']);
  });
});

describe('availability', () => {
  it('stores weekly slots and time off and reads them back sorted', async () => {
    const { mediator, headers } = await createSignedInMediator({ weekly: [] });
    const input = {
      weekly: [
        { weekday: 3, start: '14:00', end: '18:00' },
        { weekday: 1, start: '08:30', end: '12:00' },
        { weekday: 7, start: '20:00', end: '24:00' },
        { weekday: 1, start: '06:00', end: '07:15' },
      ],
      timeOff: [
        { startsAt: '2027-01-10T09:00:00+01:00', endsAt: '2027-01-12T18:00:00+01:00' },
        { startsAt: '2026-12-24T00:00:00+01:00', endsAt: '2026-12-27T00:00:00+01:00', reason: 'Natale' },
      ],
    };
    const put = await call('PUT', `/api/mediators/${mediator.id}/availability`, headers, input);
    expect(put.statusCode).toBe(200);
    const availability = put.body;
    expect(availability.weekly).toEqual([
      { weekday: 1, start: '06:00', end: '07:15' },
      { weekday: 1, start: '08:30', end: '12:00' },
      { weekday: 3, start: '14:00', end: '18:00' },
      { weekday: 7, start: '20:00', end: '24:00' },
    ]);
    expect(availability.timeOff).toEqual([
      {
        id: expect.any(String),
        startsAt: '2026-12-23T23:00:00.000Z',
        endsAt: '2026-12-26T23:00:00.000Z',
        reason: 'Natale',
      },
      { id: expect.any(String), startsAt: '2027-01-10T08:00:00.000Z', endsAt: '2027-01-12T17:00:00.000Z' },
    ]);
    expect((await call('GET', `/api/mediators/${mediator.id}/availability`, headers)).body).toEqual(availability);
    expect((await call('GET', `/api/mediators/${mediator.id}/availability`, coordinator)).body).toEqual(availability);

    // What is read back is valid input again, and saving it changes nothing but the ids.
    const again = {
      weekly: availability.weekly,
      timeOff: availability.timeOff.map(({ id: _id, ...period }: { id: string }) => period),
    };
    const resaved = (await call('PUT', `/api/mediators/${mediator.id}/availability`, coordinator, again)).body;
    expect({ ...resaved, timeOff: resaved.timeOff.map(({ id: _id, ...period }: { id: string }) => period) }).toEqual(
      again,
    );
  });

  it('replaces everything on each PUT', async () => {
    const { mediator, headers } = await createSignedInMediator();
    await call('PUT', `/api/mediators/${mediator.id}/availability`, headers, {
      weekly: [{ weekday: 2, start: '09:00', end: '13:00' }],
      timeOff: [{ startsAt: '2026-08-01T00:00:00Z', endsAt: '2026-08-31T00:00:00Z', reason: 'Ferie' }],
    });
    const cleared = await call('PUT', `/api/mediators/${mediator.id}/availability`, headers, {
      weekly: [],
      timeOff: [],
    });
    expect(cleared.body).toEqual({ weekly: [], timeOff: [] });
    expect((await call('GET', `/api/mediators/${mediator.id}/availability`, headers)).body).toEqual({
      weekly: [],
      timeOff: [],
    });
  });

  it('names each bad slot and period, and keeps what was saved', async () => {
    const { mediator, headers } = await createSignedInMediator({ weekly: [[5, '10:00', '12:00']] });
    const response = await call('PUT', `/api/mediators/${mediator.id}/availability`, headers, {
      weekly: [
        { weekday: 2, start: '10:00', end: '10:00' },
        { weekday: 8, start: '09:00', end: '10:00' },
        { weekday: 3, start: '25:00', end: '26:00' },
        { weekday: 4, start: '18:00', end: '09:00' },
      ],
      timeOff: [{ startsAt: '2026-12-02T10:00:00Z', endsAt: '2026-12-01T10:00:00Z' }],
    });
    expect(response.statusCode).toBe(400);
    const errors = (response.body as FieldErrors).errors;
    expect(errors.map((error) => error.path).sort()).toEqual([
      'timeOff.0.endsAt',
      'weekly.0.end',
      'weekly.1.weekday',
      'weekly.2.end',
      'weekly.2.start',
      'weekly.3.end',
    ]);
    expect(errors).toContainEqual({ path: 'weekly.0.end', message: 'must be after start' });
    expect(errors).toContainEqual({ path: 'timeOff.0.endsAt', message: 'must be after startsAt' });
    expect((await call('GET', `/api/mediators/${mediator.id}/availability`, headers)).body).toEqual({
      weekly: [{ weekday: 5, start: '10:00', end: '12:00' }],
      timeOff: [],
    });
  });

  it('is the mediator’s own: 404 to another mediator, 403 to a requester', async () => {
    const { mediator } = await createSignedInMediator();
    const other = await createSignedInMediator();
    const url = `/api/mediators/${mediator.id}/availability`;
    expect((await call('GET', url, other.headers)).statusCode).toBe(404);
    expect((await call('PUT', url, other.headers, { weekly: [], timeOff: [] })).statusCode).toBe(404);
    expect((await call('GET', url, requester)).statusCode).toBe(403);
    expect((await call('PUT', url, requester, { weekly: [], timeOff: [] })).statusCode).toBe(403);
    expect((await call('GET', url, coordinator)).body.weekly).toHaveLength(7);
  });
});

describe('GET /api/mediators/:id/assignments', () => {
  it('lists the assignments overlapping from–to, in start order, with the request’s municipality', async () => {
    const { mediator, headers } = await createSignedInMediator();
    const fifth = await createAssignment(mediator.id, {
      startsAt: '2026-12-05T09:00:00Z',
      municipality: 'Vimercate',
      status: 'completed',
    });
    const first = await createAssignment(mediator.id, { startsAt: '2026-12-01T09:00:00Z', minutes: 90 });
    const third = await createAssignment(mediator.id, { startsAt: '2026-12-03T09:00:00Z', municipality: 'Concorezzo' });
    const someoneElse = await createMediator(db);
    await createAssignment(someoneElse.id, { startsAt: '2026-12-03T09:00:00Z' });
    const url = `/api/mediators/${mediator.id}/assignments`;

    const all = await call('GET', url, headers);
    expect(all.statusCode).toBe(200);
    expect(all.body).toEqual([
      {
        requestId: first.id,
        startsAt: '2026-12-01T09:00:00.000Z',
        endsAt: '2026-12-01T10:30:00.000Z',
        status: 'active',
        serviceType: 'school_meeting',
        languageCode: 'ar',
        municipality: 'Arcore',
        mode: 'in_person',
      },
      expect.objectContaining({ requestId: third.id, municipality: 'Concorezzo' }),
      expect.objectContaining({ requestId: fifth.id, status: 'completed', municipality: 'Vimercate' }),
    ]);

    const ids = async (query: string) =>
      ((await call('GET', `${url}?${query}`, coordinator)).body as { requestId: string }[]).map(
        (item) => item.requestId,
      );
    expect(
      await ids(
        `from=${encodeURIComponent('2026-12-02T00:00:00+01:00')}&to=${encodeURIComponent('2026-12-04T00:00:00+01:00')}`,
      ),
    ).toEqual([third.id]);
    expect(await ids('from=2026-12-03T00:00:00Z')).toEqual([third.id, fifth.id]);
    expect(await ids('to=2026-12-03T09:00:00Z')).toEqual([first.id]);
    // An assignment still running at `from` overlaps the range.
    expect(await ids('from=2026-12-01T10:00:00Z&to=2026-12-02T00:00:00Z')).toEqual([first.id]);
  });

  it('refuses a range ending before it starts, another mediator and a requester', async () => {
    const { mediator, headers } = await createSignedInMediator();
    const url = `/api/mediators/${mediator.id}/assignments`;
    const backwards = await call('GET', `${url}?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z`, headers);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'querystring.to', message: 'must be after from' }]);
    const other = await createSignedInMediator();
    expect((await call('GET', url, other.headers)).statusCode).toBe(404);
    expect((await call('GET', url, requester)).statusCode).toBe(403);
  });
});

describe('POST /api/mediators/:id/calendar-token', () => {
  it('issues a new feed URL and forgets the old token', async () => {
    const { mediator, headers } = await createSignedInMediator();
    const before = (await call('GET', `/api/mediators/${mediator.id}`, headers)).body.calendarUrl;
    const response = await call('POST', `/api/mediators/${mediator.id}/calendar-token`, headers);
    expect(response.statusCode).toBe(200);
    const { calendarUrl } = response.body as { calendarUrl: string };
    expect(calendarUrl).not.toBe(before);
    expect(calendarUrl).toMatch(
      new RegExp(`^${context.config.publicUrl}/api/mediators/${mediator.id}/calendar\\.ics\\?token=[\\w-]{40,}$`),
    );
    expect((await call('GET', `/api/mediators/${mediator.id}`, headers)).body.calendarUrl).toBe(calendarUrl);
    const [row] = await db
      .select({ token: mediators.calendarToken })
      .from(mediators)
      .where(eq(mediators.id, mediator.id));
    expect(row?.token).not.toBe(mediator.calendarToken);
    expect(calendarUrl.endsWith(`token=${row?.token}`)).toBe(true);

    const byCoordinator = await call('POST', `/api/mediators/${mediator.id}/calendar-token`, coordinator);
    expect(byCoordinator.body.calendarUrl).not.toBe(calendarUrl);
  });

  it('answers 404 to another mediator and 403 to a requester', async () => {
    const { mediator } = await createSignedInMediator();
    const other = await createSignedInMediator();
    expect((await call('POST', `/api/mediators/${mediator.id}/calendar-token`, other.headers)).statusCode).toBe(404);
    expect((await call('POST', `/api/mediators/${mediator.id}/calendar-token`, requester)).statusCode).toBe(403);
    const [row] = await db
      .select({ token: mediators.calendarToken })
      .from(mediators)
      .where(eq(mediators.id, mediator.id));
    expect(row?.token).toBe(mediator.calendarToken);
  });
});

describe('OpenAPI', () => {
  it('documents every mediators route', async () => {
    const document = (await http(context.app, 'GET', '/docs/json')).body as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    for (const [path, method] of [
      ['/api/mediators', 'get'],
      ['/api/mediators', 'post'],
      ['/api/mediators/{id}', 'get'],
      ['/api/mediators/{id}', 'patch'],
      ['/api/mediators/{id}/availability', 'get'],
      ['/api/mediators/{id}/availability', 'put'],
      ['/api/mediators/{id}/assignments', 'get'],
      ['/api/mediators/{id}/calendar-token', 'post'],
    ] as const) {
      expect(document.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['mediators']);
    }
  });
});
