// `pnpm exec tsx --conditions=development bench/push.ts`: the time from a create's response to the
// offer's push reaching a push service (a local HTTPS one that verifies VAPID and decrypts, the tests'
// own), p50 and p99 over 120 urgent requests. Part of `pnpm bench`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { benchConfig } from './bench-config.js';
import {
  createMediator,
  createOrganization,
  createSignedInUser,
  createUser,
  signIn,
} from '../test/helpers/factories.js';
import { http } from '../test/helpers/http.js';
import { PUSH_SERVICE_CERT, startPushService } from '../test/helpers/push-service.js';
import { createBenchDatabase } from './bench-database.js';
import { maximum, percentile } from './statistics.js';

const REQUESTS = 120;
export const PUSH_TARGET_P99_MS = 1000;

// Node reads NODE_EXTRA_CA_CERTS once at start: run again with the push service's certificate trusted.
const certificate = readFileSync(PUSH_SERVICE_CERT, 'utf8');
const trusted = process.env.NODE_EXTRA_CA_CERTS;
if (!trusted || !readFileSync(trusted, 'utf8').includes(certificate.trim())) {
  const bundle = join(tmpdir(), `ponte-bench-ca-${process.pid}.pem`);
  writeFileSync(bundle, `${trusted ? readFileSync(trusted, 'utf8') : ''}\n${certificate}`);
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle },
  });
  process.exit(child.status ?? 1);
}

const service = await startPushService();
const database = await createBenchDatabase();
const config = benchConfig(database.url, { SWEEP_INTERVAL_MS: '1000', PUSH_ENDPOINT_HOSTS: service.host });
const app = await buildApp({ config, logger: false });
try {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const db = app.context.db;
  const school = await createOrganization(db, { districtId: 'vimercate', municipality: 'Vimercate' });
  const requester = await createSignedInUser(app, db, { role: 'requester', organizationId: school.id });
  const mediator = await createMediator(db, { languages: ['ar'] });
  const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id });
  const session = await signIn(app, user.email);
  const device = service.subscribe();
  const subscribed = await http(app, 'POST', '/api/push/subscriptions', {
    headers: session.headers,
    body: device.json,
  });
  if (subscribed.status !== 201) throw new Error(`subscribe: ${subscribed.status} ${subscribed.text}`);

  const latencies: number[] = [];
  for (let index = 0; index < REQUESTS; index += 1) {
    const startsAt = new Date(Date.now() + (3 * 60 + index) * 60_000);
    const response = await http(app, 'POST', '/api/requests', {
      headers: requester.headers,
      body: {
        serviceType: 'school_welcome',
        languageCode: 'ar',
        mode: 'phone',
        startsAt: startsAt.toISOString(),
        durationMinutes: 30,
        contactName: 'Bench',
        contactPhone: '+39 039 1234567',
      },
    });
    const answeredAt = Date.now();
    if (response.status !== 201) throw new Error(`create: ${response.status} ${response.text}`);
    const requestId = (response.body as { id: string }).id;
    await service.waitFor(index + 1, 10_000);
    const push = service.received.find((item) => item.payload.requestId === requestId);
    if (!push) throw new Error(`no push for request ${requestId}`);
    latencies.push(Math.max(0, push.receivedAt - answeredAt));
  }
  if (service.rejected.length > 0) throw new Error(`push service refused: ${service.rejected.join('; ')}`);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const verdict = p99 <= PUSH_TARGET_P99_MS ? 'PASS' : 'MISS';
  console.log(
    `Push delivery: ${REQUESTS} urgent offers, create response → push at the push service (VAPID verified, payload decrypted)`,
  );
  console.log(
    `  p50 ${p50} ms  p99 ${p99} ms  max ${maximum(latencies)} ms  (target p99 ≤ ${PUSH_TARGET_P99_MS} ms: ${verdict})`,
  );
} finally {
  await app.close();
  await service.stop();
  await database.drop();
}
