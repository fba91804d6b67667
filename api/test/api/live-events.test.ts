import { inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/client.js';
import { openDatabase } from '../../src/db/client.js';
import { liveEvents } from '../../src/db/schema/index.js';
import { pruneLiveEvents } from '../../src/realtime/live-events.js';
import { http, listen } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser, createUser, signIn } from '../helpers/factories.js';
import { openEventStream, type EventStream } from '../helpers/event-stream.js';
import { postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const NOW = new Date('2027-03-09T08:00:00Z');

let context: TestContext;
let db: Database;
let baseUrl: string;
const streams: EventStream[] = [];

beforeAll(async () => {
  context = await createTestApp({ now: NOW });
  db = context.database.db;
  ({ baseUrl } = context);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await context.close();
});

async function connect(token: string, lastEventId?: number, url = baseUrl) {
  const stream = await openEventStream(url, token, lastEventId);
  streams.push(stream);
  return stream;
}

async function signedInMediator(languageCode: string) {
  const mediator = await createMediator(db, { languages: [languageCode] });
  const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id });
  return { mediator, ...(await signIn(context.app, user.email)) };
}

/** Every event already notified has reached the streams (the hub drains in id order). */
const settle = async () => {
  await context.app.liveHub.flush();
  await new Promise((resolve) => setTimeout(resolve, 100));
};

describe('live events over SSE', () => {
  it('sends each user only what concerns them, in order', async () => {
    const school = await createOrganization(db);
    const otherSchool = await createOrganization(db);
    const teacher = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
    const stranger = await createSignedInUser(context.app, db, { role: 'requester', organizationId: otherSchool.id });
    const coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
    const [first, second] = [await signedInMediator('ur'), await signedInMediator('ur')];
    const unconcerned = await signedInMediator('ro');

    const streamOf = {
      teacher: await connect(teacher.token),
      stranger: await connect(stranger.token),
      coordinator: await connect(coordinator.token),
      first: await connect(first.token),
      second: await connect(second.token),
      unconcerned: await connect(unconcerned.token),
    };

    const created = (await postRequest(context.app, teacher.headers, requestBody(NOW, { languageCode: 'ur' }))).body;
    const offerToFirst = await streamOf.first.waitFor(
      (event) => event.event === 'offer.created' && event.data.requestId === created.id,
    );
    const offerToSecond = await streamOf.second.waitFor(
      (event) => event.event === 'offer.created' && event.data.requestId === created.id,
    );
    expect(offerToFirst.data).toMatchObject({ status: 'pending', requestId: created.id, id: expect.any(String) });
    expect(offerToFirst.data).not.toHaveProperty('contactName');
    await streamOf.teacher.waitFor((event) => event.event === 'request.updated' && event.data.id === created.id);

    const accepted = await http(context.app, 'POST', `/api/offers/${offerToFirst.data.id as string}/accept`, {
      headers: first.headers,
    });
    expect(accepted.statusCode).toBe(200);
    await streamOf.second.waitFor(
      (event) => event.event === 'offer.withdrawn' && event.data.id === offerToSecond.data.id,
    );
    await streamOf.teacher.waitFor((event) => event.event === 'request.updated' && event.data.status === 'assigned');
    await streamOf.first.waitFor((event) => event.event === 'request.updated' && event.data.status === 'assigned');
    await settle();

    expect(streamOf.stranger.events).toEqual([]);
    expect(streamOf.unconcerned.events).toEqual([]);
    expect(streamOf.teacher.events.every((event) => event.event === 'request.updated')).toBe(true);
    expect(streamOf.second.events.map((event) => event.event)).toEqual(['offer.created', 'offer.withdrawn']);
    // The coordinator sees everything, in the order it happened.
    const coordinatorIds = streamOf.coordinator.events.map((event) => event.id ?? 0);
    expect(coordinatorIds).toEqual([...coordinatorIds].sort((a, b) => a - b));
    expect(streamOf.coordinator.events.map((event) => event.event)).toEqual(
      expect.arrayContaining(['request.updated', 'offer.created', 'offer.withdrawn']),
    );
  });

  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const school = await createOrganization(db);
    const teacher = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
    const mediator = await signedInMediator('bn');
    const stream = await connect(mediator.token);
    const firstRequest = (
      await postRequest(context.app, teacher.headers, requestBody(NOW, { languageCode: 'bn', hoursAhead: 3 }))
    ).body;
    await stream.waitFor((event) => event.event === 'offer.created' && event.data.requestId === firstRequest.id);
    const lastSeen = stream.lastId();
    stream.close();

    const missed = (
      await postRequest(context.app, teacher.headers, requestBody(NOW, { languageCode: 'bn', hoursAhead: 6 }))
    ).body;
    await settle();

    const resumed = await connect(mediator.token, lastSeen);
    const replayed = await resumed.waitFor(
      (event) => event.event === 'offer.created' && event.data.requestId === missed.id,
    );
    expect(replayed.id).toBeGreaterThan(lastSeen ?? 0);
    expect(resumed.events.some((event) => event.data.requestId === firstRequest.id)).toBe(false);
  });

  it('asks a client to re-fetch when what it missed is no longer kept', async () => {
    const coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
    // Events before the newest one are pruned: a client that last saw event 1 cannot be replayed to.
    await db.execute(sql`DELETE FROM live_events WHERE id < (SELECT max(id) FROM live_events)`);
    const late = await connect(coordinator.token, 1);
    await late.waitFor((event) => event.event === 'resync');
    expect(late.events.filter((event) => event.event !== 'resync')).toEqual([]);
  });
});

describe('transactions committing out of id order', () => {
  const event = (label: string) => ({
    type: 'request.updated',
    requestId: crypto.randomUUID(),
    organizationId: crypto.randomUUID(),
    status: 'searching',
    data: { label },
  });
  const labels = (stream: EventStream) =>
    stream.events
      .map((received) => received.data.label)
      .filter((label): label is string => typeof label === 'string' && label.startsWith('order-'));

  /** Transaction A takes an id and waits; B takes the next id and commits first; then A ends as `end` says. */
  async function race(stream: EventStream, end: 'commit' | 'rollback', prefix: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const idTaken = new Promise<void>((resolve) => (taken = resolve));
    const first = db
      .transaction(async (transaction) => {
        await transaction.insert(liveEvents).values(event(`${prefix}-first`));
        taken();
        await held;
        if (end === 'rollback') throw new Error('rolled back on purpose');
      })
      .catch((error: unknown) => {
        if (end !== 'rollback') throw error;
      });
    await idTaken;
    await db.insert(liveEvents).values(event(`${prefix}-second`));
    // Not settle(): that waits for the first transaction, which is still open.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const beforeFirstEnds = labels(stream).filter((label) => label.startsWith(prefix));
    release();
    await first;
    await settle();
    return { beforeFirstEnds, after: labels(stream).filter((label) => label.startsWith(prefix)) };
  }

  it('delivers an event whose transaction commits after a later id’s, in id order, losing neither', async () => {
    const coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
    const stream = await connect(coordinator.token);
    const { beforeFirstEnds, after } = await race(stream, 'commit', 'order-commit');
    expect(beforeFirstEnds).toEqual([]);
    expect(after).toEqual(['order-commit-first', 'order-commit-second']);
    // A client reconnecting from the first has the second replayed: the stream's ids follow delivery.
    const firstId = stream.events.find((received) => received.data.label === 'order-commit-first')?.id;
    const replayed = await connect(coordinator.token, firstId);
    await settle();
    expect(labels(replayed)).toEqual(['order-commit-second']);
  });

  it('passes the id of a transaction that rolled back once it has ended', async () => {
    const coordinator = await createSignedInUser(context.app, db, { role: 'coordinator' });
    const stream = await connect(coordinator.token);
    const { after } = await race(stream, 'rollback', 'order-rollback');
    expect(after).toEqual(['order-rollback-second']);
  });
});

describe('pruning', () => {
  it('keeps two days of live events for reconnecting clients, and no more', async () => {
    const school = await createOrganization(db);
    const row = {
      type: 'request.updated',
      requestId: school.id,
      organizationId: school.id,
      status: 'searching',
    } as const;
    const [old] = await db
      .insert(liveEvents)
      .values({ ...row, at: new Date(NOW.getTime() - 3 * 86_400_000) })
      .returning();
    const [recent] = await db
      .insert(liveEvents)
      .values({ ...row, at: new Date(NOW.getTime() - 86_400_000) })
      .returning();
    await pruneLiveEvents(db, NOW);
    const left = await db
      .select({ id: liveEvents.id })
      .from(liveEvents)
      .where(inArray(liveEvents.id, [old!.id, recent!.id]));
    expect(left.map((entry) => entry.id)).toEqual([recent!.id]);
  });
});

describe('across instances', () => {
  let second: FastifyInstance;
  let secondUrl: string;

  beforeAll(async () => {
    const database = await openDatabase({
      databaseUrl: context.databaseUrl,
      dataDir: 'memory://',
      logger: { error: () => undefined },
    });
    second = await buildApp({ config: context.config, clock: context.clock, database, logger: false });
    secondUrl = await listen(second);
  });
  afterAll(async () => {
    await second.close();
    await second.database.close();
  });

  it('delivers an offer made on one instance to a mediator connected to the other', async () => {
    const school = await createOrganization(db);
    const teacher = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
    const mediator = await signedInMediator('am');
    const onSecond = await connect(mediator.token, undefined, secondUrl);
    const created = (await postRequest(context.app, teacher.headers, requestBody(NOW, { languageCode: 'am' }))).body;
    const offer = await onSecond.waitFor(
      (event) => event.event === 'offer.created' && event.data.requestId === created.id,
    );
    expect(offer.data.status).toBe('pending');
  });
});
