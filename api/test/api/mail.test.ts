import type { AddressInfo } from 'node:net';
import { asc, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { outbox, users } from '../../src/db/schema/index.js';
import { createMailRelay } from '../../src/realtime/mail-relay.js';
import { http } from '../helpers/http.js';
import { createMediator, createOrganization, createSignedInUser, createUser, signIn } from '../helpers/factories.js';
import { pendingOffers, postRequest, requestBody } from '../helpers/requests.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

// A Tuesday, 09:00 in Rome.
const NOW = new Date('2027-03-09T08:00:00Z');
const PRIVATE = {
  contactName: 'Maestra Rossi',
  contactPhone: '+39 039 7654321',
  notes: 'La famiglia Haddad è appena arrivata',
  caseRef: 'CASO-12',
  subject: { pupilInitials: 'Z.H.' },
};

// --- A real SMTP server that keeps what it receives, and just enough MIME to read it back. ---

interface ReceivedMail {
  recipient: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

const decodeQuotedPrintable = (value: string) =>
  Buffer.from(
    value
      .replaceAll(/=\r?\n/g, '')
      .replaceAll(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

/** RFC 2047 encoded words, as nodemailer writes non-ASCII subjects. */
const decodeHeader = (value: string) =>
  value
    .replaceAll(/\?=\s+=\?/g, '?==?')
    .replaceAll(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_match, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replaceAll('_', ' ')),
    );

function parseEntity(raw: string): { headers: Map<string, string>; parts: { type: string; body: string }[] } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replaceAll(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const parts = body
      .split(`--${boundary}`)
      .slice(1, -1)
      .flatMap((part) => parseEntity(part.replace(/^\r\n/, '')).parts);
    return { headers, parts };
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const decoded =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { headers, parts: [{ type: type.split(';')[0]!.trim(), body: decoded }] };
}

function startSink(port = 0) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // A self-signed STARTTLS offer would only make the client refuse the certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const { headers, parts } = parseEntity(raw);
        for (const rcpt of session.envelope.rcptTo) {
          received.push({
            recipient: rcpt.address,
            messageId: headers.get('message-id') ?? '',
            subject: decodeHeader(headers.get('subject') ?? ''),
            text: parts.find((part) => part.type === 'text/plain')?.body ?? '',
            html: parts.find((part) => part.type === 'text/html')?.body ?? '',
            raw,
          });
        }
        callback();
      });
    },
  });
  return new Promise<{ port: number; received: ReceivedMail[]; stop(): Promise<void> }>((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: (server.server.address() as AddressInfo).port,
        received,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

// --- The app, its people, and helpers. ---

let sink: Awaited<ReturnType<typeof startSink>>;
let context: TestContext;
let db: Database;
let relay: ReturnType<typeof createMailRelay>;
let requester: Awaited<ReturnType<typeof createSignedInUser>>;
let coordinators: Awaited<ReturnType<typeof createUser>>[];
let inactiveCoordinator: Awaited<ReturnType<typeof createUser>>;
let amina: Awaited<ReturnType<typeof signedInMediator>>;
let john: Awaited<ReturnType<typeof signedInMediator>>;

async function signedInMediator(fullName: string, languageCode: string, locale: 'it' | 'en' = 'it') {
  const mediator = await createMediator(db, { fullName, languages: [languageCode] });
  const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id, locale });
  return { mediator, user, ...(await signIn(context.app, user.email)) };
}

beforeAll(async () => {
  sink = await startSink();
  context = await createTestApp({
    now: NOW,
    environment: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      PUBLIC_URL: 'https://ponte.example',
      MAIL_FROM: 'Ponte <ponte@ponte.example>',
    },
  });
  db = context.database.db;
  relay = createMailRelay(context.app.context);
  const school = await createOrganization(db, {
    name: 'IC Manzoni',
    municipality: 'Vimercate',
    districtId: 'vimercate',
    address: 'Via Roma 1, Vimercate',
  });
  requester = await createSignedInUser(context.app, db, { role: 'requester', organizationId: school.id });
  coordinators = [
    await createUser(db, { role: 'coordinator' }),
    await createUser(db, { role: 'coordinator', locale: 'en' }),
  ];
  inactiveCoordinator = await createUser(db, { role: 'coordinator' });
  await db.update(users).set({ active: false }).where(eq(users.id, inactiveCoordinator.id));
  amina = await signedInMediator('Amina Benali', 'ar');
  john = await signedInMediator('John Smith', 'ti', 'en');
});
afterAll(async () => {
  relay.close();
  await context.close();
  await sink.stop();
});

const mailsTo = (address: string, containing = '') =>
  sink.received.filter((mail) => mail.recipient === address && mail.text.includes(containing));

async function fileRequest(languageCode: string, hoursAhead: number, overrides: object = {}) {
  const response = await postRequest(
    context.app,
    requester.headers,
    requestBody(context.clock.now(), { languageCode, hoursAhead, ...PRIVATE, ...overrides }),
  );
  expect(response.statusCode).toBe(201);
  return response.body as { id: string; status: string };
}

async function offerFor(mediator: { headers: Record<string, string> }, requestId: string) {
  const offer = (await pendingOffers(context.app, mediator.headers)).find((item) => item.request.id === requestId);
  if (!offer) throw new Error('no offer');
  return offer;
}

const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
  http(context.app, 'POST', url, { headers, body: payload });

/** Runs the relay until nothing more is due; returns how many were sent. */
async function deliverAll(mailRelay = relay) {
  let total = 0;
  for (let sent = await mailRelay.deliverDue(); sent > 0; sent = await mailRelay.deliverDue()) total += sent;
  return total;
}

const rowsOf = (requestId: string) =>
  db.select().from(outbox).where(eq(outbox.requestId, requestId)).orderBy(asc(outbox.id));

describe('email notifications', () => {
  it('an offer reaches the mediator in Italian, with the offer link and no family data', async () => {
    context.clock.set(NOW);
    const request = await fileRequest('ar', 4);
    const offer = await offerFor(amina, request.id);
    expect(await deliverAll()).toBeGreaterThanOrEqual(1);

    const [mail, ...more] = mailsTo(amina.user.email, offer.id);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('Nuova richiesta di mediazione: Arabo, Vimercate, mar 9 mar 13:00');
    expect(mail!.text).toContain(`https://ponte.example/offers/${offer.id}`);
    expect(mail!.html).toContain(`href="https://ponte.example/offers/${offer.id}"`);
    expect(mail!.text).toContain('Accoglienza a scuola');
    expect(mail!.text).toContain('martedì 9 marzo 2027, 13:00–14:00 (ora italiana)');
    expect(mail!.text).toContain('1 h');
    expect(mail!.text).toContain('In presenza');
    expect(mail!.text).toContain('L’offerta scade');
    expect(mail!.messageId).toMatch(/^<outbox-\d+@ponte>$/);
    for (const secret of ['Maestra Rossi', '7654321', 'Haddad', 'CASO-12', 'Z.H.', 'Via Roma']) {
      expect(mail!.raw).not.toContain(secret);
      expect(mail!.text).not.toContain(secret);
      expect(mail!.html).not.toContain(secret);
    }
    const [row] = await rowsOf(request.id);
    expect(row).toMatchObject({ kind: 'offer', offerId: offer.id, data: { offerId: offer.id }, attempts: 1 });
    expect(row!.sentAt).not.toBeNull();
  });

  it('an English-speaking mediator gets the offer in English', async () => {
    context.clock.set(NOW);
    const request = await fileRequest('ti', 26, { mode: 'video' });
    const offer = await offerFor(john, request.id);
    await deliverAll();
    const [mail, ...more] = mailsTo(john.user.email, offer.id);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe('New mediation request: Tigrinya, Vimercate, Wed 10 Mar 11:00');
    expect(mail!.text).toContain('Wednesday 10 March 2027, 11:00–12:00 (Italian time)');
    expect(mail!.text).toContain('School welcome meeting');
    expect(mail!.text).toContain('Mode:');
    expect(mail!.text).toContain('By video call');
    expect(mail!.text).toContain(`https://ponte.example/offers/${offer.id}`);
  });

  it('the requester hears who was assigned; a late cancellation tells the mediator it is late', async () => {
    context.clock.set(NOW);
    const request = await fileRequest('ar', 5);
    expect((await post(`/api/offers/${(await offerFor(amina, request.id)).id}/accept`, amina.headers)).statusCode).toBe(
      200,
    );
    await deliverAll();

    const assigned = mailsTo(requester.user.email, request.id);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.subject).toBe('Mediazione assegnata: Arabo, Vimercate, mar 9 mar 14:00');
    expect(assigned[0]!.text).toContain('Amina Benali');
    expect(assigned[0]!.text).toContain('+39 333 0000000');
    expect(assigned[0]!.text).toContain(`https://ponte.example/requests/${request.id}`);
    // The offer to Amina was accepted before the relay ran: no stale offer email went out.
    const [offerRow] = (await rowsOf(request.id)).filter((row) => row.kind === 'offer');
    expect(offerRow).toMatchObject({ sentAt: null, lastError: 'offer no longer open' });
    expect(offerRow!.discardedAt).not.toBeNull();

    expect(
      (await post(`/api/requests/${request.id}/cancel`, requester.headers, { reason: 'the family is ill' })).statusCode,
    ).toBe(200);
    await deliverAll();
    const cancelled = mailsTo(amina.user.email, `assignments/${request.id}`);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.subject).toBe('Cancellazione tardiva: Arabo, Vimercate, mar 9 mar 14:00');
    expect(cancelled[0]!.text).toContain('meno di 24 ore prima dell’inizio');
    expect(cancelled[0]!.text).not.toContain('the family is ill');
    expect(await rowsOf(request.id)).toContainEqual(
      expect.objectContaining({ kind: 'cancelled', data: expect.objectContaining({ late: true }) }),
    );
  });

  it('a cancellation well ahead is not called late, and a cancelled search tells no mediator', async () => {
    context.clock.set(NOW);
    const early = await fileRequest('ar', 72);
    expect((await post(`/api/offers/${(await offerFor(amina, early.id)).id}/accept`, amina.headers)).statusCode).toBe(
      200,
    );
    expect(
      (await post(`/api/requests/${early.id}/cancel`, requester.headers, { reason: 'not needed' })).statusCode,
    ).toBe(200);
    const searching = await fileRequest('ar', 80);
    expect(
      (await post(`/api/requests/${searching.id}/cancel`, requester.headers, { reason: 'not needed' })).statusCode,
    ).toBe(200);
    await deliverAll();

    const [cancelled, ...more] = mailsTo(amina.user.email, `assignments/${early.id}`);
    expect(more).toHaveLength(0);
    expect(cancelled!.subject).toMatch(/^Mediazione annullata: /);
    expect(cancelled!.text).not.toContain('tardiva');
    expect((await rowsOf(searching.id)).filter((row) => row.kind === 'cancelled')).toHaveLength(0);
  });

  it('an unfilled request goes to every active coordinator, once', async () => {
    context.clock.set(NOW);
    const nobody = await fileRequest('bm', 3);
    expect(nobody.status).toBe('unfilled');
    // A decline that empties the last wave announces `unfilled` twice in one transaction: still one email each.
    const soloist = await signedInMediator('Moussa Diallo', 'ha');
    const declined = await fileRequest('ha', 3);
    expect(
      (await post(`/api/offers/${(await offerFor(soloist, declined.id)).id}/decline`, soloist.headers)).statusCode,
    ).toBe(200);
    await deliverAll();

    for (const request of [nobody, declined]) {
      const [italian, english] = coordinators.map((coordinator) => mailsTo(coordinator.email, request.id));
      expect(italian).toHaveLength(1);
      expect(english).toHaveLength(1);
      expect(italian![0]!.subject).toMatch(/^Richiesta scoperta: .+, Vimercate, mar 9 mar 12:00$/);
      expect(english![0]!.subject).toMatch(/^Unfilled request: .+, Vimercate, Tue 9 Mar 12:00$/);
      expect(italian![0]!.text).toContain(`https://ponte.example/requests/${request.id}`);
      expect(mailsTo(inactiveCoordinator.email, request.id)).toHaveLength(0);
      expect(mailsTo(requester.user.email, request.id)).toHaveLength(0);
    }
  });

  it('keeps emails while SMTP is down, retries after the back-off, and delivers each exactly once', async () => {
    context.clock.set(NOW);
    await sink.stop();
    const offered = await fileRequest('ar', 6);
    const unfilled = await fileRequest('bm', 6);
    const pending = [...(await rowsOf(offered.id)), ...(await rowsOf(unfilled.id))];
    expect(pending.map((row) => row.kind).sort()).toEqual(['offer', 'unfilled', 'unfilled']);

    expect(await relay.deliverDue()).toBe(0);
    const failed = [...(await rowsOf(offered.id)), ...(await rowsOf(unfilled.id))];
    for (const row of failed) {
      expect(row.sentAt).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.claimedUntil).toBeNull();
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(context.clock.now().getTime());
      expect(row.lastError).toBeTruthy();
    }
    // Not due yet: nothing is tried again, even with the server back.
    const restarted = await startSink(sink.port);
    sink = restarted;
    expect(await relay.deliverDue()).toBe(0);
    expect((await rowsOf(offered.id))[0]!.attempts).toBe(1);

    context.clock.advance(31_000);
    expect(await deliverAll()).toBe(3);
    expect(await relay.deliverDue()).toBe(0);
    const delivered = [...(await rowsOf(offered.id)), ...(await rowsOf(unfilled.id))];
    expect(delivered.every((row) => row.sentAt !== null && row.attempts === 2)).toBe(true);
    const ids = sink.received.map((mail) => mail.messageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids)).toEqual(new Set(delivered.map((row) => `<outbox-${row.id}@ponte>`)));
  });

  it('two relays at once never send one row twice', async () => {
    context.clock.set(NOW);
    const before = sink.received.length;
    const requests = [];
    for (let index = 0; index < 15; index += 1) requests.push(await fileRequest('bm', 8 + index));
    const rows = (await Promise.all(requests.map((request) => rowsOf(request.id)))).flat();
    expect(rows).toHaveLength(30);

    const relays = [createMailRelay(context.app.context), createMailRelay(context.app.context)];
    let sent = 0;
    for (;;) {
      const counts = await Promise.all(relays.map((each) => each.deliverDue()));
      sent += counts.reduce((sum, count) => sum + count, 0);
      if (counts.every((count) => count === 0)) break;
    }
    for (const each of relays) each.close();

    expect(sent).toBe(30);
    const received = sink.received.slice(before);
    const perMessageId = new Map<string, number>();
    for (const mail of received) perMessageId.set(mail.messageId, (perMessageId.get(mail.messageId) ?? 0) + 1);
    expect(perMessageId.size).toBe(30);
    expect([...perMessageId.values()].every((count) => count === 1)).toBe(true);
    expect(
      (await Promise.all(requests.map((request) => rowsOf(request.id))))
        .flat()
        .every((row) => row.sentAt !== null && row.attempts === 1),
    ).toBe(true);
  });

  it('without SMTP_URL the relay is off, but the emails are still written', async () => {
    context.clock.set(NOW);
    const offline = createMailRelay({
      ...context.app.context,
      config: { ...context.app.context.config, smtpUrl: undefined },
    });
    const request = await fileRequest('bm', 30);
    expect(await offline.deliverDue()).toBe(0);
    expect(await rowsOf(request.id)).toEqual([
      expect.objectContaining({ kind: 'unfilled', attempts: 0, sentAt: null }),
      expect.objectContaining({ kind: 'unfilled', attempts: 0, sentAt: null }),
    ]);
    await deliverAll();
  });

  it('forgets rows older than 14 days', async () => {
    const request = await fileRequest('bm', 40);
    const [old, recent] = await rowsOf(request.id);
    await db.execute(sql`UPDATE outbox SET created_at = now() - interval '15 days' WHERE id = ${old!.id}`);
    expect(await relay.purgeOld()).toBe(1);
    expect((await rowsOf(request.id)).map((row) => row.id)).toEqual([recent!.id]);
  });
});
