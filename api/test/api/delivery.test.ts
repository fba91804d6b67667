import { readdirSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaDist } from '../../src/plugins/spa.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { createSignedInUser } from '../helpers/factories.js';

/** The raw answer as it crossed the socket: headers and the bytes before any decoding. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }>(
    (resolve, reject) => {
      const request = get(`${baseUrl}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }),
        );
      });
      request.on('error', reject);
    },
  );
}

const largestScript = () =>
  readdirSync(`${spaDist}/assets`)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, size: statSync(`${spaDist}/assets/${name}`).size }))
    .sort((a, b) => b.size - a.size)[0]!;

let context: TestContext;
beforeAll(async () => {
  context = await createTestApp();
});
afterAll(async () => context.close());

describe('the built app, as a phone downloads it', () => {
  it('sends the brotli twin of a hashed script, cached for a year', async () => {
    const script = largestScript();
    const response = await rawGet(context.baseUrl, `/assets/${script.name}`, { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.bytes.length).toBeLessThan(script.size / 2);
    expect(brotliDecompressSync(response.bytes).length).toBe(script.size);
  });

  it('sends gzip to a browser that accepts only gzip, and the file itself to one that accepts nothing', async () => {
    const script = largestScript();
    const gzip = await rawGet(context.baseUrl, `/assets/${script.name}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await rawGet(context.baseUrl, `/assets/${script.name}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBe(script.size);
  });

  it('revalidates index.html every time, at / and on a deep link', async () => {
    for (const path of ['/', '/login']) {
      const response = await rawGet(context.baseUrl, path, { 'accept-encoding': 'br' });
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-cache');
      expect(response.headers['content-type'], path).toContain('text/html');
    }
  });
});

describe('API answers', () => {
  it('compresses an answer over 1 KB (the OpenAPI document)', async () => {
    const response = await rawGet(context.baseUrl, '/docs/json', { 'accept-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('leaves a small answer as it is', async () => {
    const response = await rawGet(context.baseUrl, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(200);
    expect(response.bytes.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses the live stream, whose events must leave at once', async () => {
    const { token } = await createSignedInUser(context.app, context.database.db, { role: 'coordinator' });
    const response = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const request = get(
        `${context.baseUrl}/api/events?access_token=${token}`,
        { headers: { 'accept-encoding': 'br, gzip', accept: 'text/event-stream' } },
        (stream) => {
          resolve(stream.headers);
          request.destroy();
        },
      );
      request.on('error', reject);
    });
    expect(response['content-type']).toContain('text/event-stream');
    expect(response['content-encoding']).toBeUndefined();
  });
});
