import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/client.js';
import { createMediator, createUser, signIn, type MediatorOptions } from './factories.js';

export type Headers = Record<string, string>;

// Response bodies are whatever JSON the API sent; tests read them like light-my-request's json(), untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface HttpResponse<T = any> {
  status: number;
  contentType: string;
  body: T;
  text: string;
}

/**
 * Starts the app on a real socket. Races must go over sockets and the pg pool: app.inject runs one
 * request at a time through the router and would hide the interleavings a concurrency test is about.
 */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** One real HTTP call; JSON bodies are parsed, anything else is kept as text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Headers; body?: unknown; signal?: AbortSignal } = {},
): Promise<HttpResponse<T>> {
  const headers: Headers = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = contentType.includes('json') && text !== '' ? (JSON.parse(text) as T) : (text as unknown as T);
  return { status: response.status, contentType, body, text };
}

/** The status codes of a batch of responses, sorted, so a race's outcome reads as one value. */
export const statuses = (responses: { status: number }[]) =>
  responses.map((response) => response.status).sort((a, b) => a - b);

/** Mediators speaking one language, each with an account of their own and a session. */
export async function createSignedInMediators(
  app: FastifyInstance,
  db: Database,
  count: number,
  options: MediatorOptions = {},
) {
  const result = [];
  for (let index = 0; index < count; index += 1) {
    const mediator = await createMediator(db, options);
    const user = await createUser(db, { role: 'mediator', mediatorId: mediator.id });
    result.push({ mediator, user, ...(await signIn(app, user.email)) });
  }
  return result;
}
