import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { benchConfig } from './bench-config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { mediatorLanguages, mediators, mediatorWeeklySlots, organizations, users } from '../src/db/schema/index.js';
import { seedDatabase } from '../src/db/seed.js';
import { hashPassword } from '../src/lib/passwords.js';
import { newOpaqueToken } from '../src/lib/tokens.js';
import { openEventStream, type EventStream } from '../test/helpers/event-stream.js';
import { maximum, percentile, roundTo } from './statistics.js';

export const LIVE_TARGET_P99_MS = 100;
const MEDIATORS = 50;
const REQUESTS_PER_RUN = 40;
const PASSWORD = 'bench-password-123';
const silent = { info: () => undefined, error: () => undefined, warn: () => undefined };

export interface LiveResult {
  mediators: number;
  requests: number;
  sameInstance: { p50: number; p99: number; max: number };
  acrossInstances: { p50: number; p99: number; max: number };
}

async function seedRoster(database: DatabaseHandle) {
  const db = database.db;
  const passwordHash = await hashPassword(PASSWORD);
  const [organization] = await db
    .insert(organizations)
    .values({
      name: 'Scuola del banco di prova',
      kind: 'school',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: 'Via Prova 1',
    })
    .returning();
  const requesterEmail = 'requester@bench.ponte';
  await db.insert(users).values({
    email: requesterEmail,
    name: 'Bench requester',
    role: 'requester',
    organizationId: organization!.id,
    passwordHash,
  });
  const mediatorEmails: string[] = [];
  for (let index = 0; index < MEDIATORS; index += 1) {
    const [mediator] = await db
      .insert(mediators)
      .values({
        fullName: `Live ${index}`,
        email: `live-${index}@bench.ponte`,
        phone: '+39 333 0000000',
        homeDistrictId: 'vimercate',
        modes: ['in_person', 'phone', 'video'],
        qualifications: ['school'],
        maxWeeklyMinutes: 4200,
        calendarToken: newOpaqueToken(),
      })
      .returning();
    await db.insert(mediatorLanguages).values({ mediatorId: mediator!.id, languageCode: 'ti', level: 'native' });
    await db.insert(mediatorWeeklySlots).values(
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        mediatorId: mediator!.id,
        weekday,
        startMinute: 0,
        endMinute: 1440,
      })),
    );
    const email = `live-${index}@bench.ponte`;
    await db
      .insert(users)
      .values({ email, name: `Live ${index}`, role: 'mediator', mediatorId: mediator!.id, passwordHash });
    mediatorEmails.push(email);
  }
  return { requesterEmail, mediatorEmails };
}

async function tokenOf(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Milliseconds from `POST /api/requests` returning to each mediator's `offer.created` arriving. */
async function measure(createUrl: string, requesterToken: string, streams: EventStream[]): Promise<number[]> {
  const latencies: number[] = [];
  for (let round = 0; round < REQUESTS_PER_RUN; round += 1) {
    // Under 24 h ahead: the urgent policy, whose wave reaches all fifty.
    const startsAt = new Date(Date.now() + 2 * 3_600_000 + round * 600_000).toISOString();
    const response = await fetch(`${createUrl}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${requesterToken}` },
      body: JSON.stringify({
        serviceType: 'school_welcome',
        languageCode: 'ti',
        mode: 'phone',
        startsAt,
        durationMinutes: 60,
        contactName: 'Bench',
        contactPhone: '+39 039 1234567',
      }),
    });
    const returnedAt = performance.now();
    const { id } = (await response.json()) as { id: string };
    const arrivals = await Promise.all(
      streams.map((stream) =>
        stream.waitFor((event) => event.event === 'offer.created' && event.data.requestId === id, 10_000),
      ),
    );
    // An event can beat the HTTP response to the client (NOTIFY fires at commit): that counts as 0 ms.
    for (const arrival of arrivals) latencies.push(Math.max(0, arrival.receivedAt - returnedAt));
  }
  return latencies;
}

const summarize = (samples: number[]) => ({
  p50: roundTo(percentile(samples, 50), 1),
  p99: roundTo(percentile(samples, 99), 1),
  max: roundTo(maximum(samples), 1),
});

/**
 * Fifty mediators connected by SSE; each request is offered to all of them at once (wave size 50).
 * Measured once with everyone on the instance that creates the request, once with the mediators on a
 * second instance sharing the database, so the notice crosses LISTEN/NOTIFY.
 */
export async function benchmarkLiveDelivery(databaseUrl: string): Promise<LiveResult> {
  const config = benchConfig(databaseUrl, { DISPATCH_POLICY: JSON.stringify({ urgent: { waveSize: MEDIATORS } }) });
  const setup = await openDatabase({ databaseUrl, dataDir: 'memory://', logger: silent });
  await setup.migrate();
  await seedDatabase(setup.db, config, silent);
  const { requesterEmail, mediatorEmails } = await seedRoster(setup);
  await setup.close();

  const instances: FastifyInstance[] = [];
  const streams: EventStream[] = [];
  try {
    for (let index = 0; index < 2; index += 1) instances.push(await buildApp({ config, logger: false }));
    const [first, second] = await Promise.all(instances.map((app) => app.listen({ port: 0, host: '127.0.0.1' })));
    const requesterToken = await tokenOf(first!, requesterEmail);
    const tokens = await Promise.all(mediatorEmails.map((email) => tokenOf(first!, email)));

    for (const token of tokens) streams.push(await openEventStream(first!, token));
    await measure(first!, requesterToken, streams.slice(0, 5)); // warm-up
    const sameInstance = await measure(first!, requesterToken, streams);
    for (const stream of streams.splice(0)) stream.close();

    for (const token of tokens) streams.push(await openEventStream(second!, token));
    await measure(first!, requesterToken, streams.slice(0, 5)); // warm-up of the second instance's path
    const acrossInstances = await measure(first!, requesterToken, streams);
    return {
      mediators: MEDIATORS,
      requests: REQUESTS_PER_RUN,
      sameInstance: summarize(sameInstance),
      acrossInstances: summarize(acrossInstances),
    };
  } finally {
    for (const stream of streams) stream.close();
    for (const app of instances) await app.close();
  }
}
