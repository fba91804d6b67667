import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { outbox, pushSubscriptions } from '../../src/db/schema/index.js';
import { openDatabase } from '../../src/db/client.js';
import { loadVapidDetails } from '../../src/modules/push/vapid.js';
import { createPushRelay, type PushRelay } from '../../src/realtime/push/push-relay.js';
import { enqueueDueReminders } from '../../src/realtime/push/push-reminders.js';
import { createMediator, createOrganization, createSignedInUser, createUser, signIn } from '../helpers/factories.js';
import { http, type Headers } from '../helpers/http.js';
import { startPushService, type PushService } from '../helpers/push-service.js';
import { pendingOffers, postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// A Tuesday, 09:00 in Rome.
const NOW = new Date('2027-03-09T08:00:00Z');
const HOUR = 3_600_000;
const PRIVATE = {
  contactName: 'Maestra Rossi',
  contactPhone: '+39 039 7654321',
  notes: 'La famiglia Haddad è appena arrivata',
  caseRef: 'CASO-12',
  location: { address: 'Via Segreta 7, Vimercate', municipality: 'Vimercate' },
};
const PRIVATE_WORDS = ['Rossi', '7654321', 'Haddad', 'CASO-12', 'Segreta'];

let service: PushService;
let context: TestContext;
let db: Database;
let relay: PushRelay;
let requester: { headers: Headers; userId: string };

async function signedInMediator(languageCode: string) {
  const mediator = await createMediator(db, { languages: [languageCode] });
  const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id });
  return { mediator, user, ...(await signIn(context.app, user.email)) };
}

/** Subscribes a new device of the person at the local push service; returns the device's id there. */
async function subscribeDevice(headers: Headers, behaviour?: Parameters<PushService['subscribe']>[0]) {
  const device = service.subscribe(behaviour);
  const response = await http(context.app, 'POST', '/api/push/subscriptions', { headers, body: device.json });
  expect(response.status, response.text).toBe(201);
  return { ...device, subscriptionId: response.body.id as string };
}

async function fileRequest(languageCode: string, hoursAhead: number) {
  const response = await postRequest(
    context.app,
    requester.headers,
    requestBody(context.clock.now(), { languageCode, hoursAhead, ...PRIVATE }),
  );
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string };
}

async function offerOf(headers: Headers, requestId: string) {
  const offer = (await pendingOffers(context.app, headers)).find((item) => item.request.id === requestId);
  if (!offer) throw new Error('no offer');
  return offer as unknown as { id: string; expiresAt: string };
}

/** Runs the relay until nothing more is due; returns how many were sent. */
async function deliverAll() {
  let total = 0;
  for (let sent = await relay.deliverDue(); sent > 0; sent = await relay.deliverDue()) total += sent;
  return total;
}

beforeAll(async () => {
  service = await startPushService();
  context = await createTestApp({
    now: NOW,
    environment: { PUSH_ENDPOINT_HOSTS: `fcm.googleapis.com,${service.host}` },
  });
  db = context.database.db;
  relay = createPushRelay(context.app.context, await loadVapidDetails(db, context.config));
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  requester = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
});
afterAll(async () => {
  await relay.close();
  await context.close();
  await service.stop();
  // Every message that reached the push service verified and decrypted.
  expect(service.rejected).toEqual([]);
});

describe('subscriptions', () => {
  it('gives the VAPID public key to anyone: a 65-byte P-256 point, base64url', async () => {
    const response = await http(context.app, 'GET', '/api/push/public-key');
    expect(response.status).toBe(200);
    const key = Buffer.from(response.body.publicKey as string, 'base64url');
    expect(key.length).toBe(65);
    expect(key[0]).toBe(4);
  });

  it('keeps one subscription per endpoint and several devices per person; the owner alone removes one', async () => {
    const amina = await signedInMediator('ar');
    const phone = service.subscribe();
    const first = await http(context.app, 'POST', '/api/push/subscriptions', {
      headers: amina.headers,
      body: phone.json,
    });
    expect(first.status).toBe(201);
    const again = await http(context.app, 'POST', '/api/push/subscriptions', {
      headers: amina.headers,
      body: phone.json,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const laptop = await subscribeDevice(amina.headers);
    expect(laptop.subscriptionId).not.toBe(first.body.id);
    const rows = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, amina.userId));
    expect(rows).toHaveLength(2);

    const someoneElse = await signedInMediator('ar');
    const foreign = await http(context.app, 'DELETE', `/api/push/subscriptions/${first.body.id}`, {
      headers: someoneElse.headers,
    });
    expect(foreign.status).toBe(404);
    const own = await http(context.app, 'DELETE', `/api/push/subscriptions/${first.body.id}`, {
      headers: amina.headers,
    });
    expect(own.status).toBe(204);
    const gone = await http(context.app, 'DELETE', `/api/push/subscriptions/${first.body.id}`, {
      headers: amina.headers,
    });
    expect(gone.status).toBe(404);
  });

  it.each([
    ['an internal address', 'https://169.254.169.254/latest/meta-data/'],
    ['a host not listed', 'https://push.attacker.example/x'],
    ['plain http to a listed host', 'http://fcm.googleapis.com/fcm/send/x'],
    ['a listed host on another port', 'https://fcm.googleapis.com:8443/fcm/send/x'],
    ['not a URL', 'fcm.googleapis.com/fcm/send/x'],
  ])('refuses %s with 400 naming endpoint', async (_what, endpoint) => {
    const amina = await signedInMediator('ar');
    const response = await http(context.app, 'POST', '/api/push/subscriptions', {
      headers: amina.headers,
      body: { ...service.subscribe().json, endpoint },
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('endpoint');
  });

  it('refuses keys that are not base64url, and callers without a session', async () => {
    const amina = await signedInMediator('ar');
    const device = service.subscribe().json;
    const bad = await http(context.app, 'POST', '/api/push/subscriptions', {
      headers: amina.headers,
      body: { ...device, keys: { p256dh: 'not base64url!', auth: device.keys.auth } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toContain('keys.p256dh');
    const anonymous = await http(context.app, 'POST', '/api/push/subscriptions', { body: device });
    expect(anonymous.status).toBe(401);
  });
});

describe('what is pushed', () => {
  it('a new urgent offer: one push per device, Urgency high, TTL within the offer’s life, no private data', async () => {
    const amina = await signedInMediator('ti');
    const phone = await subscribeDevice(amina.headers);
    const laptop = await subscribeDevice(amina.headers);
    const request = await fileRequest('ti', 3);
    const offer = await offerOf(amina.headers, request.id);

    expect(await deliverAll()).toBe(2);
    for (const device of [phone, laptop]) {
      const pushes = service.to(device.id);
      expect(pushes).toHaveLength(1);
      const [push] = pushes;
      expect(push!.urgency).toBe('high');
      const remaining = (new Date(offer.expiresAt).getTime() - context.clock.now().getTime()) / 1000;
      expect(push!.ttl).toBeGreaterThan(0);
      expect(push!.ttl).toBeLessThanOrEqual(remaining);
      expect(push!.topic).toBe(offer.id.replaceAll('-', ''));
      expect(push!.payload).toMatchObject({
        type: 'offer',
        url: `/offers/${offer.id}`,
        offerId: offer.id,
        requestId: request.id,
      });
      expect(push!.payload.title).toMatch(/^Urgente: nuova richiesta · Tigrino/);
      expect(Object.keys(push!.payload).sort()).toEqual(['body', 'offerId', 'requestId', 'title', 'type', 'url']);
      for (const word of PRIVATE_WORDS) expect(JSON.stringify(push!.payload)).not.toContain(word);
    }
    // Nothing more to send, and nothing sent twice.
    expect(await deliverAll()).toBe(0);
  });

  it('a planned offer goes with normal urgency', async () => {
    const mediator = await signedInMediator('sq');
    const phone = await subscribeDevice(mediator.headers);
    await fileRequest('sq', 24 * 7);
    await deliverAll();
    expect(service.to(phone.id).map((push) => push.urgency)).toEqual(['normal']);
  });

  it('an offer accepted by another: a withdrawal to the others who were shown it, none to the one who took it', async () => {
    const [first, second, third] = [
      await signedInMediator('ur'),
      await signedInMediator('ur'),
      await signedInMediator('ur'),
    ];
    const devices = [
      await subscribeDevice(first!.headers),
      await subscribeDevice(second!.headers),
      await subscribeDevice(third!.headers),
    ];
    const request = await fileRequest('ur', 5);
    expect(await deliverAll()).toBe(3);
    const offer = await offerOf(first!.headers, request.id);
    const accepted = await http(context.app, 'POST', `/api/offers/${offer.id}/accept`, { headers: first!.headers });
    expect(accepted.status, accepted.text).toBe(200);
    await deliverAll();

    expect(service.to(devices[0]!.id).map((push) => push.payload.type)).toEqual(['offer']);
    for (const device of devices.slice(1)) {
      const pushes = service.to(device.id);
      expect(pushes.map((push) => push.payload.type)).toEqual(['offer', 'offer_withdrawn']);
      // Same topic: a withdrawal replaces an offer the phone has not fetched yet.
      expect(pushes[1]!.topic).toBe(pushes[0]!.topic);
    }
    // The requester: assigned.
    const requesterPushes = service.received.filter(
      (push) => push.payload.requestId === request.id && push.payload.type === 'request_assigned',
    );
    expect(requesterPushes).toHaveLength(0); // the requester has no device yet
  });

  it('to the requester: assigned; to the mediator: a cancellation (and no offer push once the offer was taken)', async () => {
    const requesterDevice = await subscribeDevice(requester.headers);
    const mediator = await signedInMediator('ps');
    const mediatorDevice = await subscribeDevice(mediator.headers);
    const request = await fileRequest('ps', 2);
    const offer = await offerOf(mediator.headers, request.id);
    await http(context.app, 'POST', `/api/offers/${offer.id}/accept`, { headers: mediator.headers });
    await deliverAll();
    const ofRequest = (id: string) => service.to(id).filter((push) => push.payload.requestId === request.id);
    expect(ofRequest(requesterDevice.id).map((push) => [push.payload.type, push.payload.url])).toEqual([
      ['request_assigned', `/requests/${request.id}`],
    ]);

    const cancelled = await http(context.app, 'POST', `/api/requests/${request.id}/cancel`, {
      headers: requester.headers,
      body: { reason: 'la famiglia non viene' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    await deliverAll();
    const toMediator = ofRequest(mediatorDevice.id);
    // Accepted before the relay ran: the offer itself is never pushed late.
    expect(toMediator.map((push) => push.payload.type)).toEqual(['assignment_cancelled']);
    expect(toMediator[0]!.payload.url).toBe(`/assignments/${request.id}`);
    expect(toMediator[0]!.urgency).toBe('high');
    expect(JSON.stringify(toMediator[0]!.payload)).not.toContain('non viene');
  });

  it('to the requester once the mediator reports the service done: please confirm', async () => {
    const requesterDevice = await subscribeDevice(requester.headers);
    const mediator = await signedInMediator('so');
    const request = await fileRequest('so', 2);
    const offer = await offerOf(mediator.headers, request.id);
    await http(context.app, 'POST', `/api/offers/${offer.id}/accept`, { headers: mediator.headers });
    await deliverAll();
    context.clock.advance(3 * HOUR);
    const done = await http(context.app, 'POST', `/api/requests/${request.id}/complete`, {
      headers: mediator.headers,
      body: { actualMinutes: 60, outcome: 'done' },
    });
    expect(done.status, done.text).toBe(200);
    await deliverAll();
    const types = service
      .to(requesterDevice.id)
      .filter((push) => push.payload.requestId === request.id)
      .map((push) => push.payload.type);
    expect(types).toEqual(['request_assigned', 'needs_confirmation']);
  });

  it('an offer no longer pending is not pushed late', async () => {
    const mediator = await signedInMediator('hi');
    const phone = await subscribeDevice(mediator.headers);
    const request = await fileRequest('hi', 3);
    const offer = await offerOf(mediator.headers, request.id);
    await http(context.app, 'POST', `/api/offers/${offer.id}/decline`, { headers: mediator.headers, body: {} });
    await deliverAll();
    expect(service.to(phone.id)).toEqual([]);
    const [row] = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.offerId, offer.id), eq(outbox.channel, 'push')));
    expect(row?.discardedAt).not.toBeNull();
    expect(row?.lastError).toBe('offer no longer open');
  });
});

describe('delivery', () => {
  it('a push service answering 410 deletes the subscription and its pending pushes', async () => {
    const mediator = await signedInMediator('ku');
    const gone = await subscribeDevice(mediator.headers, 410);
    const alive = await subscribeDevice(mediator.headers);
    await fileRequest('ku', 3);
    expect(await deliverAll()).toBe(1);
    expect(service.to(alive.id)).toHaveLength(1);
    const left = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, gone.subscriptionId));
    expect(left).toEqual([]);
    expect(await db.select().from(outbox).where(eq(outbox.pushSubscriptionId, gone.subscriptionId))).toEqual([]);
  });

  it('a push service down for a while: every push arrives once it is back, none twice', async () => {
    const mediators = [await signedInMediator('bn'), await signedInMediator('bn')];
    const devices = [await subscribeDevice(mediators[0]!.headers), await subscribeDevice(mediators[1]!.headers)];
    const busy = await subscribeDevice(mediators[0]!.headers, 503);
    await service.stop();
    try {
      await fileRequest('bn', 20);
      expect(await deliverAll()).toBe(0);
      // Retried with back-off: not before it is due…
      context.clock.advance(5_000);
      expect(await deliverAll()).toBe(0);
      const waiting = await db.select().from(outbox).where(eq(outbox.pushSubscriptionId, devices[0]!.subscriptionId));
      expect(waiting[0]?.lastError).toMatch(/ECONNREFUSED|SKIPPED/);
      expect(waiting[0]?.nextAttemptAt?.getTime()).toBeGreaterThan(context.clock.now().getTime());
    } finally {
      await service.start();
    }
    context.clock.advance(60_000);
    // A 503 from one device's push service is retried too, and does not hold up the others.
    expect(await deliverAll()).toBe(2);
    for (const device of devices) expect(service.to(device.id).map((push) => push.payload.type)).toEqual(['offer']);
    service.setBehaviour(busy.id, 201);
    context.clock.advance(5 * 60_000);
    expect(await deliverAll()).toBe(1);
    expect(service.to(busy.id)).toHaveLength(1);
    context.clock.advance(60 * 60_000);
    expect(await deliverAll()).toBe(0);
    for (const device of devices) expect(service.to(device.id)).toHaveLength(1);
  });
});

describe('reminders', () => {
  async function bookedAssignment(languageCode: string, hoursAhead: number) {
    const mediator = await signedInMediator(languageCode);
    const phone = await subscribeDevice(mediator.headers);
    const request = await fileRequest(languageCode, hoursAhead);
    const offer = await offerOf(mediator.headers, request.id);
    const accepted = await http(context.app, 'POST', `/api/offers/${offer.id}/accept`, { headers: mediator.headers });
    expect(accepted.status, accepted.text).toBe(200);
    await deliverAll();
    return { mediator, phone, request, startsAt: context.clock.now().getTime() + hoursAhead * HOUR };
  }
  const reminders = (deviceId: string) => service.to(deviceId).filter((push) => push.payload.type === 'reminder');

  it('24 h and 2 h before, once each, with two instances sweeping at once; none booked inside the window', async () => {
    const early = await bookedAssignment('fa', 30);
    const late = await bookedAssignment('ta', 10);
    // A second instance: its own connections to the same database, its own relay.
    const otherDatabase = await openDatabase({
      databaseUrl: context.databaseUrl,
      dataDir: 'memory://',
      logger: console,
    });
    const otherRelay = createPushRelay(
      { ...context.app.context, db: otherDatabase.db },
      await loadVapidDetails(otherDatabase.db, context.config),
    );
    const bothSweep = async () => {
      const now = context.clock.now();
      const written = await Promise.all([
        enqueueDueReminders(db, now, context.config.reminderMinutes),
        enqueueDueReminders(otherDatabase.db, now, context.config.reminderMinutes),
      ]);
      await Promise.all([deliverAll(), otherRelay.deliverDue()]);
      await deliverAll();
      return written[0] + written[1];
    };
    try {
      context.clock.set(new Date(early.startsAt - 24 * HOUR - 60_000));
      expect(await bothSweep()).toBe(0);

      context.clock.set(new Date(early.startsAt - 24 * HOUR));
      expect(await bothSweep()).toBe(1);
      expect(await bothSweep()).toBe(0);
      const first = reminders(early.phone.id);
      expect(first.map((push) => push.payload.title)).toEqual([
        expect.stringMatching(/^Promemoria: incarico domani, \d\d:\d\d$/),
      ]);
      expect(first[0]!.payload.url).toBe(`/assignments/${early.request.id}`);
      expect(first[0]!.urgency).toBe('normal');
      expect(first[0]!.ttl).toBeLessThanOrEqual(24 * 3600);

      context.clock.set(new Date(early.startsAt - 2 * HOUR + 1000));
      expect(await bothSweep()).toBe(1);
      expect(await bothSweep()).toBe(0);
      const both = reminders(early.phone.id);
      expect(both).toHaveLength(2);
      expect(both[1]!.urgency).toBe('high');
      expect(both[1]!.payload.title).toMatch(/^Promemoria: incarico tra 2 h, /);

      // Booked 10 h before its start: no 24-hour reminder ever, the 2-hour one only.
      context.clock.set(new Date(late.startsAt - 2 * HOUR));
      await bothSweep();
      expect(reminders(late.phone.id).map((push) => push.payload.title)).toEqual([
        expect.stringMatching(/^Promemoria: incarico tra 2 h/),
      ]);
      context.clock.set(new Date(late.startsAt - 60_000));
      expect(await bothSweep()).toBe(0);
      expect(reminders(late.phone.id)).toHaveLength(1);
    } finally {
      await otherRelay.close();
      await otherDatabase.close();
    }
  });
});
