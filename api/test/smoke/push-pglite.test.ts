import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_PASSWORD } from '../../src/db/demo-data.js';
import { loadVapidDetails } from '../../src/modules/push/vapid.js';
import { createPushRelay } from '../../src/realtime/push/push-relay.js';
import { http, listen } from '../helpers/http.js';
import { startPushService, type PushService } from '../helpers/push-service.js';

let dataDir: string;
let service: PushService;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ponte-push-smoke-'));
  service = await startPushService();
});
afterAll(async () => {
  await service.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const start = async () => {
  const app = await buildApp({
    config: loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MS: '0',
      PUSH_ENDPOINT_HOSTS: service.host,
    }),
    logger: false,
  });
  await listen(app);
  return app;
};

/** Within the next 24 hours (urgent), between 08:00 and 20:00 in Rome (the demo mediators' on-call day). */
function urgentStartInOnCallHours(): Date {
  const hourInRome = (at: Date) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', hourCycle: 'h23' }).format(at));
  let at = new Date(Math.ceil((Date.now() + 65 * 60_000) / 900_000) * 900_000);
  while (hourInRome(at) < 8 || hourInRome(at) >= 20) at = new Date(at.getTime() + 900_000);
  return at;
}

const signIn = async (app: Awaited<ReturnType<typeof start>>, email: string) => {
  const login = await http(app, 'POST', '/api/auth/login', { body: { email, password: DEMO_PASSWORD } });
  expect(login.statusCode).toBe(200);
  return { authorization: `Bearer ${login.body.accessToken}` };
};

it('on the embedded database with no setting: keys generated and kept across a restart, an offer pushed and decrypted', async () => {
  const first = await start();
  const key = (await http(first, 'GET', '/api/push/public-key')).body.publicKey as string;
  const amina = await signIn(first, 'mediatrice@ponte.demo');
  const device = service.subscribe();
  const subscribed = await http(first, 'POST', '/api/push/subscriptions', { headers: amina, body: device.json });
  expect(subscribed.statusCode).toBe(201);
  await first.close();

  const second = await start();
  try {
    expect((await http(second, 'GET', '/api/push/public-key')).body.publicKey).toBe(key);
    const teacher = await signIn(second, 'docente@ponte.demo');
    const created = await http(second, 'POST', '/api/requests', {
      headers: teacher,
      body: {
        serviceType: 'school_meeting',
        languageCode: 'ar',
        mode: 'phone',
        startsAt: urgentStartInOnCallHours().toISOString(),
        durationMinutes: 60,
        contactName: 'Maestra Bianchi',
        contactPhone: '+39 039 1234567',
      },
    });
    expect(created.statusCode, created.text).toBe(201);
    const relay = createPushRelay(second.context, await loadVapidDetails(second.context.db, second.context.config));
    await relay.deliverDue();
    await relay.close();
    const pushes = service.to(device.id);
    expect(pushes.map((push) => [push.payload.type, push.payload.requestId, push.urgency, push.vapidKey])).toEqual([
      ['offer', created.body.id, 'high', key],
    ]);
    expect(JSON.stringify(pushes[0]!.payload)).not.toContain('Bianchi');
    expect(service.rejected).toEqual([]);
  } finally {
    await second.close();
  }
});
