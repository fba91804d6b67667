import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { assignments } from '../../src/db/schema/index.js';
import { http } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser, createUser, signIn } from '../helpers/factories.js';
import { pendingOffers, postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Tuesday, 09:00 in Rome.
const NOW = new Date('2027-03-09T08:00:00Z');
const PRIVATE = {
  contactName: 'Maestra Rossi',
  contactPhone: '+39 039 1234567',
  notes: 'La famiglia Haddad vive in via Segreta',
  caseRef: 'CASO-77',
  subject: { pupilInitials: 'Z.H.', pupilAge: 9 },
};

let context: TestContext;
let db: Database;
let requester: Awaited<ReturnType<typeof createSignedInUser>>;

beforeAll(async () => {
  context = await createTestApp({ now: NOW, environment: { PUBLIC_URL: 'https://ponte.example' } });
  db = context.database.db;
  const school = await createOrganization(db, {
    municipality: 'Vimercate',
    districtId: 'vimercate',
    address: 'Via Roma 1, Vimercate',
  });
  requester = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
});
afterAll(async () => context.close());

async function signedInMediator(fullName: string, languageCode: string, locale: 'it' | 'en' = 'it') {
  const mediator = await createMediator(db, { fullName, languages: [languageCode] });
  const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id, locale });
  return { mediator, ...(await signIn(context.app, user.email)) };
}

/** Files a request at the clock's now and lets `mediator` accept it; returns the request id. */
async function assignedRequest(
  mediator: Awaited<ReturnType<typeof signedInMediator>>,
  languageCode: string,
  hoursAhead: number,
  overrides: object = {},
) {
  const now = context.clock.now();
  const created = await postRequest(
    context.app,
    requester.headers,
    requestBody(now, { languageCode, hoursAhead, ...PRIVATE, ...overrides }),
  );
  expect(created.statusCode).toBe(201);
  const requestId = (created.body as { id: string }).id;
  const offer = (await pendingOffers(context.app, mediator.headers)).find((item) => item.request.id === requestId);
  expect(offer).toBeDefined();
  const accepted = await http(context.app, 'POST', `/api/offers/${offer!.id}/accept`, { headers: mediator.headers });
  expect(accepted.statusCode).toBe(200);
  return requestId;
}

async function calendarUrlOf(mediator: Awaited<ReturnType<typeof signedInMediator>>) {
  const response = await http(context.app, 'GET', `/api/mediators/${mediator.mediator.id}`, {
    headers: mediator.headers,
  });
  return (response.body as { calendarUrl: string }).calendarUrl;
}

/** The path and query of an absolute feed URL: the test talks to its own listening app. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      status: String(component.getFirstPropertyValue('status')),
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

const assignmentOf = async (requestId: string) => {
  const [row] = await db.select().from(assignments).where(eq(assignments.requestId, requestId));
  if (!row) throw new Error('no assignment');
  return row;
};

describe('calendar feed', () => {
  it('lists the mediator’s assignments from 30 days ago on, cancelled ones as cancelled, without family data', async () => {
    const amina = await signedInMediator('Amina Benali', 'ar');

    // 40 days ago: too old for the feed.
    context.clock.set(new Date(NOW.getTime() - 40 * DAY));
    const old = await assignedRequest(amina, 'ar', 3);
    // 5 days ago: done and reported.
    context.clock.set(new Date(NOW.getTime() - 5 * DAY));
    const done = await assignedRequest(amina, 'ar', 2);
    context.clock.advance(3 * HOUR);
    const completed = await http(context.app, 'POST', `/api/requests/${done}/complete`, {
      headers: amina.headers,
      body: { actualMinutes: 60, outcome: 'done' },
    });
    expect(completed.statusCode).toBe(200);

    context.clock.set(NOW);
    const active = await assignedRequest(amina, 'ar', 4);
    const cancelled = await assignedRequest(amina, 'ar', 48);
    expect(
      (
        await http(context.app, 'POST', `/api/requests/${cancelled}/cancel`, {
          headers: requester.headers,
          body: { reason: 'family moved' },
        })
      ).statusCode,
    ).toBe(200);
    const withdrawn = await assignedRequest(amina, 'ar', 72, { mode: 'phone' });
    expect(
      (
        await http(context.app, 'POST', `/api/requests/${withdrawn}/withdraw`, {
          headers: amina.headers,
          body: { reason: 'ill' },
        })
      ).statusCode,
    ).toBe(200);

    const response = await http(context.app, 'GET', pathOf(await calendarUrlOf(amina)));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    const feed = parseFeed(response.text);
    expect(feed.name).toBe('Ponte — Amina Benali');

    const byRequest = new Map<string, (typeof feed.events)[number]>();
    for (const requestId of [done, active, cancelled, withdrawn]) {
      const assignment = await assignmentOf(requestId);
      const event = feed.events.find((item) => item.uid === `${assignment.id}@ponte`);
      expect(event, `event of ${requestId}`).toBeDefined();
      expect(event!.start.getTime()).toBe(assignment.startsAt.getTime());
      expect(event!.end.getTime()).toBe(assignment.endsAt.getTime());
      expect(event!.description).toContain(`https://ponte.example/assignments/${requestId}`);
      byRequest.set(requestId, event!);
    }
    expect(feed.events).toHaveLength(4);
    const oldAssignment = await assignmentOf(old);
    expect(feed.events.map((event) => event.uid)).not.toContain(`${oldAssignment.id}@ponte`);

    expect(byRequest.get(active)).toMatchObject({
      status: 'CONFIRMED',
      summary: 'Arabo — Accoglienza a scuola',
      location: 'Via Roma 1, Vimercate',
    });
    expect(byRequest.get(active)!.description).toContain('Durata: 1 h');
    expect(byRequest.get(active)!.description).toContain('Modalità: In presenza');
    expect(byRequest.get(done)!.status).toBe('CONFIRMED');
    expect(byRequest.get(cancelled)).toMatchObject({
      status: 'CANCELLED',
      summary: 'Annullato: Arabo — Accoglienza a scuola',
    });
    expect(byRequest.get(withdrawn)).toMatchObject({
      status: 'CANCELLED',
      summary: 'Rinuncia: Arabo — Accoglienza a scuola',
      location: 'Al telefono',
    });

    // Start and end travel in UTC.
    expect(response.text).toContain(
      `DTSTART:${(await assignmentOf(active)).startsAt
        .toISOString()
        .replaceAll(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
    for (const secret of ['Maestra Rossi', '1234567', 'Haddad', 'Segreta', 'CASO-77', 'Z.H.'])
      expect(response.text).not.toContain(secret);
  });

  it('speaks the mediator’s language', async () => {
    const john = await signedInMediator('John Smith', 'ti', 'en');
    context.clock.set(NOW);
    await assignedRequest(john, 'ti', 6, { mode: 'video' });
    const feed = parseFeed((await http(context.app, 'GET', pathOf(await calendarUrlOf(john)))).text);
    expect(feed.events).toHaveLength(1);
    expect(feed.events[0]).toMatchObject({
      summary: 'Tigrinya — School welcome meeting',
      location: 'By video call',
    });
    expect(feed.events[0]!.description).toContain('Mode: By video call');
  });

  it('answers 404 to a wrong or missing token, and the old link dies when the token is regenerated', async () => {
    const mediator = await signedInMediator('Sara Conti', 'ur');
    const url = await calendarUrlOf(mediator);
    const path = `/api/mediators/${mediator.mediator.id}/calendar.ics`;

    expect((await http(context.app, 'GET', pathOf(url))).statusCode).toBe(200);
    for (const bad of [
      `${path}?token=wrong`,
      path,
      `/api/mediators/00000000-0000-4000-8000-000000000000/calendar.ics?token=${new URL(url).searchParams.get('token')}`,
    ]) {
      const response = await http(context.app, 'GET', bad);
      expect(response.statusCode, bad).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }

    const regenerated = await http(context.app, 'POST', `/api/mediators/${mediator.mediator.id}/calendar-token`, {
      headers: mediator.headers,
    });
    expect(regenerated.statusCode).toBe(200);
    const fresh = (regenerated.body as { calendarUrl: string }).calendarUrl;
    expect(fresh).not.toBe(url);
    expect((await http(context.app, 'GET', pathOf(url))).statusCode).toBe(404);
    expect((await http(context.app, 'GET', pathOf(fresh))).statusCode).toBe(200);
  });

  it('is documented in OpenAPI', async () => {
    const document = (await http(context.app, 'GET', '/docs/json')).body;
    const operation = document.paths['/api/mediators/{id}/calendar.ics'].get;
    expect(operation.tags).toEqual(['mediators']);
    expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'query', name: 'token' }));
    expect(operation.responses['200'].content).toHaveProperty('text/calendar');
    expect(operation.responses['404'].content).toBeDefined();
    expect(operation.security ?? []).toEqual([]);
  });
});

describe('a home visit', () => {
  it('shows only the municipality, never the family’s address', async () => {
    const social = await createOrganization(db, {
      kind: 'social_service',
      municipality: 'Vimercate',
      districtId: 'vimercate',
    });
    const worker = await createSignedInUser(context.app, db, { role: 'requester', organizationId: social.id });
    const mediator = await signedInMediator('Visite Domiciliari', 'so');
    const created = await postRequest(
      context.app,
      worker.headers,
      requestBody(context.clock.now(), {
        languageCode: 'so',
        serviceType: 'home_visit',
        hoursAhead: 5,
        location: { address: 'Via della Famiglia 12', municipality: 'Arcore' },
      }),
    );
    const offer = (await pendingOffers(context.app, mediator.headers)).find(
      (item) => item.request.id === (created.body as { id: string }).id,
    );
    expect(
      (await http(context.app, 'POST', `/api/offers/${offer!.id}/accept`, { headers: mediator.headers })).statusCode,
    ).toBe(200);
    const feed = await http(context.app, 'GET', pathOf(await calendarUrlOf(mediator)));
    const [event] = parseFeed(feed.text).events;
    expect(event?.location).toBe('Arcore');
    expect(feed.text).not.toContain('Famiglia 12');
  });
});
