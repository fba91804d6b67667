import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Offer, SeriesDetail, type SeriesCreate } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import { assignments, outbox, requests } from '../../src/db/schema/index.js';
import { createOrganization, createSignedInUser } from '../helpers/factories.js';
import { createSignedInMediators, http, type Headers } from '../helpers/http.js';
import { requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { plainWavesEnvironment } from '../helpers/policies.js';

/*
 * API.md, "Series": a course booked in one go, offered whole to the mediators free for every session,
 * booked whole or not at all, split into single sessions when nobody takes it whole.
 */

// Wednesday 7 January 2026, 09:00 in Rome.
const START = new Date('2026-01-07T08:00:00Z');
// Every mediator who is offered the series gets it in the first wave.
const ENVIRONMENT = plainWavesEnvironment({ planned: { waveSize: 25 } });

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp({ now: START, environment: ENVIRONMENT });
  db = context.database.db;
  baseUrl = context.baseUrl;
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id })).headers;
  coordinator = (await createSignedInUser(context.app, db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

/** Tuesdays and Thursdays at 13:00 from 13 January to 12 February 2026: ten sessions of two hours. */
function courseBody(languageCode: string, overrides: Partial<SeriesCreate> = {}): SeriesCreate {
  const { startsAt: _startsAt, ...body } = requestBody(START, {
    languageCode,
    serviceType: 'language_facilitation',
    durationMinutes: 120,
  });
  return {
    ...body,
    sessions: { first: '2026-01-13', until: '2026-02-12', weekdays: [2, 4], start: '13:00' },
    ...overrides,
  };
}

async function createSeries(body: SeriesCreate) {
  const response = await http(baseUrl, 'POST', '/api/series', { headers: requester, body });
  expect(response.status, response.text).toBe(201);
  return SeriesDetail.parse(response.body);
}

async function pendingOffersOf(headers: Headers) {
  const response = await http(baseUrl, 'GET', '/api/offers?status=pending', { headers });
  expect(response.status, response.text).toBe(200);
  return z.array(Offer).parse(response.body);
}

async function assignmentsOf(requestIds: string[]) {
  return db
    .select({ requestId: assignments.requestId, mediatorId: assignments.mediatorId })
    .from(assignments)
    .where(and(inArray(assignments.requestId, requestIds), eq(assignments.status, 'active')));
}

describe('POST /api/series', () => {
  it('creates ten sessions, each a request with seriesId, and offers the whole series to who is free for all', async () => {
    const free = await createSignedInMediators(context.app, db, 2, { languages: ['ur'] });
    // Not available on Thursdays: free for half the course only.
    const [tuesdaysOnly] = await createSignedInMediators(context.app, db, 1, {
      languages: ['ur'],
      weekly: [[2, '08:00', '18:00']],
    });

    const series = await createSeries(courseBody('ur'));
    expect(series.requests).toHaveLength(10);
    expect(series.requests.map((session) => session.startsAt.slice(0, 10))).toEqual([
      '2026-01-13',
      '2026-01-15',
      '2026-01-20',
      '2026-01-22',
      '2026-01-27',
      '2026-01-29',
      '2026-02-03',
      '2026-02-05',
      '2026-02-10',
      '2026-02-12',
    ]);
    for (const session of series.requests) {
      expect(session.seriesId).toBe(series.id);
      expect(session.status).toBe('searching');
      expect(session.startsAt.slice(11, 16)).toBe('12:00');
    }
    expect(series.offeredWhole).toBe(true);

    for (const mediator of free) {
      const offers = await pendingOffersOf(mediator.headers);
      expect(offers).toHaveLength(1);
      expect(offers[0]!.request.id).toBe(series.requests[0]!.id);
      expect(offers[0]!.series).toEqual({
        id: series.id,
        sessions: 10,
        first: '2026-01-13T12:00:00.000Z',
        last: '2026-02-12T12:00:00.000Z',
        weekdays: [2, 4],
      });
    }
    expect(await pendingOffersOf(tuesdaysOnly!.headers)).toEqual([]);

    // The accepted offer is the listed one, key for key; the whole course is theirs.
    const [winner] = free;
    const [offer] = await pendingOffersOf(winner!.headers);
    const accepted = await http(baseUrl, 'POST', `/api/offers/${offer!.id}/accept`, { headers: winner!.headers });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.offer).toEqual({ ...offer, status: 'accepted' });
    const after = SeriesDetail.parse(
      (await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: requester })).body,
    );
    expect(after.requests.map((session) => session.status)).toEqual(Array(10).fill('assigned'));
    expect(after.assignedMediator?.id).toBe(winner!.mediator.id);
    expect(after.offeredWhole).toBe(false);
    expect(await pendingOffersOf(free[1]!.headers)).toEqual([]);
    // The teacher hears once that the course is taken, not ten times.
    const told = await db
      .select({ requestId: outbox.requestId })
      .from(outbox)
      .where(
        and(
          eq(outbox.channel, 'email'),
          eq(outbox.kind, 'assigned'),
          inArray(
            outbox.requestId,
            series.requests.map((session) => session.id),
          ),
        ),
      );
    expect(told).toEqual([{ requestId: series.requests[0]!.id }]);
  });

  it('skips public holidays and excluded dates, and lists what it skipped', async () => {
    const series = await createSeries(
      courseBody('ps', {
        sessions: { first: '2026-04-21', until: '2026-05-05', weekdays: [5, 6], start: '10:00' },
        excludeDates: ['2026-04-24'],
      }),
    );
    // Friday 24 April excluded, Saturday 25 April and Friday 1 May holidays.
    expect(series.requests.map((session) => session.startsAt.slice(0, 10))).toEqual(['2026-05-02']);
    expect(series.skipped.map((skipped) => [skipped.date, skipped.reason])).toEqual([
      ['2026-04-24', 'excluded'],
      ['2026-04-25', 'holiday'],
      ['2026-05-01', 'holiday'],
    ]);
  });

  it.each([
    [
      'more than 60 sessions',
      { sessions: { first: '2026-01-12', until: '2026-12-31', weekdays: [1, 2, 3], start: '10:00' } },
      'sessions',
    ],
    [
      'a start in the past',
      { sessions: { first: '2026-01-05', until: '2026-01-31', weekdays: [1], start: '10:00' } },
      'sessions.first',
    ],
    [
      'a weekly rule giving no session',
      { sessions: { first: '2026-02-02', until: '2026-02-02', weekdays: [3], start: '10:00' } },
      'sessions.weekdays',
    ],
    ['no dates at all', { sessions: { dates: [] } }, 'sessions'],
    [
      'a bad weekday',
      { sessions: { first: '2026-02-02', until: '2026-02-20', weekdays: [8], start: '10:00' } },
      'sessions',
    ],
  ] satisfies [string, Partial<SeriesCreate>, string][])(
    'refuses %s with a 400 naming the field',
    async (_name, overrides, field) => {
      const response = await http(baseUrl, 'POST', '/api/series', {
        headers: requester,
        body: courseBody('ar', overrides),
      });
      expect(response.status, response.text).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContainEqual(
        expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)),
      );
    },
  );

  it('previews the dates with the holidays struck out, booking nothing', async () => {
    const response = await http(baseUrl, 'POST', '/api/series/preview', {
      headers: requester,
      body: {
        durationMinutes: 60,
        sessions: { first: '2026-05-28', until: '2026-06-04', weekdays: [2, 4], start: '09:00' },
      },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.sessions.map((session: { date: string }) => session.date)).toEqual([
      '2026-05-28',
      '2026-06-04',
    ]);
    expect(response.body.skipped).toEqual([
      { date: '2026-06-02', startsAt: '2026-06-02T07:00:00.000Z', reason: 'holiday', name: 'Festa della Repubblica' },
    ]);
  });

  it('shows a series to its organization and coordinators only', async () => {
    const series = await createSeries(courseBody('ps', { sessions: { dates: ['2026-03-03T09:00:00+01:00'] } }));
    const other = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
    const stranger = (await createSignedInUser(context.app, db, { role: 'requester', organizationId: other.id }))
      .headers;
    expect((await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: stranger })).status).toBe(404);
    expect((await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: coordinator })).status).toBe(200);
  });
});

describe('accepting a series', () => {
  it('20 mediators racing: exactly one holds every session, nobody holds a part', async () => {
    const racers = await createSignedInMediators(context.app, db, 20, { languages: ['ti'] });
    const series = await createSeries(courseBody('ti'));
    const offers = await Promise.all(racers.map(async (racer) => (await pendingOffersOf(racer.headers))[0]));
    expect(offers.every((offer) => offer?.series?.id === series.id)).toBe(true);

    const responses = await Promise.all(
      racers.map((racer, index) =>
        http(baseUrl, 'POST', `/api/offers/${offers[index]!.id}/accept`, { headers: racer.headers }),
      ),
    );
    const won = responses.filter((response) => response.status === 200);
    expect(won, responses.map((response) => response.text).join(' / ')).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(19);

    const booked = await assignmentsOf(series.requests.map((session) => session.id));
    expect(booked).toHaveLength(10);
    expect(new Set(booked.map((booking) => booking.mediatorId)).size).toBe(1);
    const winnerIndex = responses.findIndex((response) => response.status === 200);
    expect(booked[0]!.mediatorId).toBe(racers[winnerIndex]!.mediator.id);
  });

  it('a third session clashing with a booking: 409 MEDIATOR_BUSY naming it, and nothing booked', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['zh'] });
    const series = await createSeries(courseBody('zh'));
    const [seriesOffer] = await pendingOffersOf(mediator!.headers);
    expect(seriesOffer?.series?.id).toBe(series.id);

    // Meanwhile they take a single meeting overlapping the third session (20 January, 13:00–15:00).
    const single = await http(baseUrl, 'POST', '/api/requests', {
      headers: requester,
      body: { ...requestBody(START, { languageCode: 'zh' }), startsAt: '2026-01-20T13:30:00Z' },
    });
    expect(single.status, single.text).toBe(201);
    const singleOffer = (await pendingOffersOf(mediator!.headers)).find((offer) => offer.request.id === single.body.id);
    const took = await http(baseUrl, 'POST', `/api/offers/${singleOffer!.id}/accept`, { headers: mediator!.headers });
    expect(took.status, took.text).toBe(200);

    const refused = await http(baseUrl, 'POST', `/api/offers/${seriesOffer!.id}/accept`, {
      headers: mediator!.headers,
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('MEDIATOR_BUSY');
    expect(refused.body.errors).toEqual([
      { path: 'sessions.2', message: expect.stringContaining(series.requests[2]!.id) },
    ]);
    expect(await assignmentsOf(series.requests.map((session) => session.id))).toEqual([]);
    const sessions = await db
      .select({ status: requests.status })
      .from(requests)
      .where(eq(requests.seriesId, series.id));
    expect(sessions.map((session) => session.status)).toEqual(Array(10).fill('searching'));
  });
});

describe('when nobody takes the series whole', () => {
  it('dispatches each session alone, and whoever holds earlier sessions ranks first', async () => {
    const [first, second] = await createSignedInMediators(context.app, db, 2, { languages: ['so'] });
    const series = await createSeries(courseBody('so'));
    for (const mediator of [first, second]) {
      const [offer] = await pendingOffersOf(mediator!.headers);
      const declined = await http(baseUrl, 'POST', `/api/offers/${offer!.id}/decline`, {
        headers: mediator!.headers,
        body: {},
      });
      expect(declined.status, declined.text).toBe(200);
    }
    // Nobody left: the series split at once; the sweep sends the other sessions' first waves.
    await context.app.dispatcher.sweepDueWork();
    const detail = SeriesDetail.parse(
      (await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: coordinator })).body,
    );
    expect(detail.offeredWhole).toBe(false);
    expect(detail.requests.map((session) => session.status)).toEqual(Array(10).fill('searching'));

    // Single-session offers now, not the series (a planned cascade: one mediator per wave).
    const firstOffers = await pendingOffersOf(first!.headers);
    const secondOffers = await pendingOffersOf(second!.headers);
    expect([...firstOffers, ...secondOffers].every((offer) => offer.series === null)).toBe(true);
    const leadOffer = [...firstOffers, ...secondOffers].find((offer) => offer.request.id === series.requests[0]!.id);
    const holder = firstOffers.includes(leadOffer!) ? first! : second!;
    const accepted = await http(baseUrl, 'POST', `/api/offers/${leadOffer!.id}/accept`, { headers: holder.headers });
    expect(accepted.status, accepted.text).toBe(200);

    const candidates = await http(baseUrl, 'GET', `/api/requests/${series.requests[1]!.id}/candidates`, {
      headers: coordinator,
    });
    expect(candidates.status, candidates.text).toBe(200);
    expect(candidates.body.eligible[0]).toMatchObject({
      mediatorId: holder.mediator.id,
      reasons: expect.arrayContaining(['series_continuity']),
    });
  });
});

describe('cancelling and withdrawing', () => {
  it('the requester cancels the rest from a date; the mediator withdraws from the series', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['am'] });
    const series = await createSeries(courseBody('am'));
    const [offer] = await pendingOffersOf(mediator!.headers);
    expect(
      (await http(baseUrl, 'POST', `/api/offers/${offer!.id}/accept`, { headers: mediator!.headers })).status,
    ).toBe(200);

    const cancelled = await http(baseUrl, 'POST', `/api/series/${series.id}/cancel`, {
      headers: requester,
      body: { reason: 'Il corso finisce prima', from: '2026-02-03' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const afterCancel = SeriesDetail.parse(cancelled.body);
    expect(afterCancel.requests.map((session) => session.status)).toEqual([
      ...Array(6).fill('assigned'),
      ...Array(4).fill('cancelled'),
    ]);
    // Weeks ahead: no session was cancelled late.
    expect(afterCancel.requests.some((session) => session.lateCancellation)).toBe(false);

    const withdrawn = await http(baseUrl, 'POST', `/api/series/${series.id}/withdraw`, {
      headers: mediator!.headers,
      body: { reason: 'Trasloco' },
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toEqual({ withdrawn: 6 });
    const after = SeriesDetail.parse(
      (await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: requester })).body,
    );
    // Back to searching, each alone, without the mediator who stepped back (nobody else speaks Amharic here).
    expect(after.requests.slice(0, 6).every((session) => ['searching', 'unfilled'].includes(session.status))).toBe(
      true,
    );
    expect(after.assignedMediator).toBeNull();
  });
});

// These move the shared clock on: they run last.
describe('as time passes', () => {
  it('a whole-series offer let expire: the series splits and each session is offered alone', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['wo'] });
    const now = context.clock.now().getTime();
    const series = await createSeries(
      courseBody('wo', {
        sessions: {
          dates: [new Date(now + 30 * 3_600_000), new Date(now + (30 + 7 * 24) * 3_600_000)].map((date) =>
            date.toISOString(),
          ),
        },
      }),
    );
    const [whole] = await pendingOffersOf(mediator!.headers);
    expect(whole?.series?.sessions).toBe(2);

    // A 24–72 h lead: its offer lives 30 minutes. Nobody answers.
    context.clock.advance(31 * 60_000);
    await context.app.dispatcher.sweepDueWork();
    await context.app.dispatcher.sweepDueWork();

    const detail = SeriesDetail.parse(
      (await http(baseUrl, 'GET', `/api/series/${series.id}`, { headers: coordinator })).body,
    );
    expect(detail.offeredWhole).toBe(false);
    expect(detail.requests[0]!.timeline.map((entry) => entry.type)).toContain('series_split');
    // Letting the series go says nothing about one session: each is offered to them alone now.
    const alone = await pendingOffersOf(mediator!.headers);
    expect(alone.map((offer) => [offer.request.id, offer.series])).toEqual(
      expect.arrayContaining([
        [series.requests[0]!.id, null],
        [series.requests[1]!.id, null],
      ]),
    );
  });

  it('cancelling the rest judges each session: late only for the assigned one less than 24 h ahead', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['bn'] });
    const now = context.clock.now().getTime();
    const series = await createSeries(
      courseBody('bn', {
        sessions: {
          dates: [new Date(now + 20 * 3_600_000), new Date(now + 8 * 24 * 3_600_000)].map((date) => date.toISOString()),
        },
      }),
    );
    const [whole] = await pendingOffersOf(mediator!.headers);
    const accepted = await http(baseUrl, 'POST', `/api/offers/${whole!.id}/accept`, { headers: mediator!.headers });
    expect(accepted.status, accepted.text).toBe(200);

    const cancelled = await http(baseUrl, 'POST', `/api/series/${series.id}/cancel`, {
      headers: requester,
      body: { reason: 'La famiglia si è trasferita' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const after = SeriesDetail.parse(cancelled.body);
    expect(after.requests.map((session) => [session.status, session.lateCancellation])).toEqual([
      ['cancelled', true],
      ['cancelled', false],
    ]);
    expect(await assignmentsOf(series.requests.map((session) => session.id))).toEqual([]);
  });
});
