import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A push service of our own, standing in for the browser vendor's (RFC 8030), over HTTPS on 127.0.0.1
 * with the throwaway certificate in test/fixtures/push-service (trusted through NODE_EXTRA_CA_CERTS,
 * which vitest.config.ts sets). For every message it checks the VAPID `Authorization` header (RFC 8292:
 * an ES256 JWT for its own origin, expiring within 24 h, signed by the key it names) and decrypts the
 * body with the subscription's private key (RFC 8291, aes128gcm) as a browser would.
 */

const fixtures = new URL('../fixtures/push-service/', import.meta.url);
export const PUSH_SERVICE_CERT = new URL('cert.pem', fixtures);

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted payload, parsed. */
  payload: Record<string, unknown>;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The VAPID public key the JWT was verified with (`k=`). */
  vapidKey: string;
  receivedAt: number;
}

/** What the push service answers a subscription: 201 by default; 410 once the browser unsubscribed; 503 when overloaded. */
export type Behaviour = 201 | 404 | 410 | 429 | 500 | 503;

interface Device {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  behaviour: Behaviour;
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** RFC 8291 §3.4 and RFC 8188: decrypts a single-record aes128gcm body for the user agent's keys. */
export function decryptAes128gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`keyid must be the sender's 65-byte public key, got ${idLength} bytes`);
  if (ciphertext.length > recordSize) throw new Error('more than one record');
  const sharedSecret = ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublicKey]);
  const ikm = hkdf(authSecret, sharedSecret, keyInfo, 32);
  const key = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('missing the last-record padding delimiter');
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<JWT>, k=<public key>`; throws saying what is wrong. */
export function verifyVapid(authorization: string | undefined, origin: string, nowSeconds: number): string {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [, token = '', publicKey = ''] = match;
  const [headerPart = '', claimsPart = '', signaturePart = ''] = token.split('.');
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { alg?: string; typ?: string };
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString()) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  if (header.alg !== 'ES256') throw new Error(`JWT alg ${header.alg}`);
  if (claims.aud !== origin) throw new Error(`JWT aud ${claims.aud}, expected ${origin}`);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds || claims.exp > nowSeconds + 86_400)
    throw new Error(`JWT exp ${claims.exp} is not within the next 24 h`);
  if (!claims.sub || !/^(mailto:|https:)/.test(claims.sub)) throw new Error(`JWT sub ${claims.sub}`);
  const point = Buffer.from(publicKey, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw new Error('JWT signature does not verify with k');
  return publicKey;
}

export async function startPushService() {
  const devices = new Map<string, Device>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];
  let port = 0;
  let server: Server | undefined;
  /** Resolvers waiting for a number of pushes. */
  const waiters: { count: number; resolve: () => void }[] = [];

  const handler: Parameters<typeof createServer>[1] = (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = /^\/push\/([0-9a-f-]+)$/.exec(request.url ?? '')?.[1];
      const device = id ? devices.get(id) : undefined;
      if (!id || !device || request.method !== 'POST') {
        response.writeHead(404).end();
        return;
      }
      if (device.behaviour !== 201) {
        response.writeHead(device.behaviour, device.behaviour === 429 ? { 'retry-after': '1' } : {}).end();
        return;
      }
      try {
        const vapidKey = verifyVapid(request.headers.authorization, origin(), Math.floor(Date.now() / 1000));
        if (request.headers['content-encoding'] !== 'aes128gcm')
          throw new Error(`Content-Encoding ${request.headers['content-encoding']}`);
        const ttl = Number(request.headers.ttl);
        if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`TTL ${request.headers.ttl}`);
        const plaintext = decryptAes128gcm(Buffer.concat(chunks), device.ecdh, device.auth);
        received.push({
          subscriptionId: id,
          payload: JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>,
          ttl,
          urgency: request.headers.urgency as string | undefined,
          topic: request.headers.topic as string | undefined,
          vapidKey,
          receivedAt: Date.now(),
        });
        for (const waiter of waiters.splice(0)) {
          if (received.length >= waiter.count) waiter.resolve();
          else waiters.push(waiter);
        }
        response.writeHead(201, { location: `/message/${randomUUID()}` }).end();
      } catch (error) {
        rejected.push(error instanceof Error ? error.message : String(error));
        response.writeHead(400).end();
      }
    });
  };

  const tls = { cert: readFileSync(PUSH_SERVICE_CERT), key: readFileSync(new URL('key.pem', fixtures)) };
  async function listen() {
    server = createServer(tls, handler);
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  const origin = () => `https://127.0.0.1:${port}`;
  await listen();

  return {
    received,
    /** Messages refused (bad VAPID, undecryptable…): a test expects none. */
    rejected,
    get host() {
      return `127.0.0.1:${port}`;
    },
    /** A new browser subscription on this service, as PushSubscription.toJSON() gives it. */
    subscribe(behaviour: Behaviour = 201) {
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      devices.set(id, { ecdh, auth, behaviour });
      return {
        id,
        json: { endpoint: `${origin()}/push/${id}`, keys: { p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) } },
      };
    },
    setBehaviour(id: string, behaviour: Behaviour) {
      devices.get(id)!.behaviour = behaviour;
    },
    to: (id: string) => received.filter((push) => push.subscriptionId === id),
    /** Resolves once `count` pushes in all have arrived. */
    waitFor(count: number, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${received.length} of ${count} pushes after ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    /** Down: connections are refused until `start()`, on the same port. */
    async stop() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    start: listen,
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;
