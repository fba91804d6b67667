import { Agent } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { parseSetCookie, type Cookie } from 'set-cookie-parser';
import supertest, { type Response } from 'supertest';
import type { Database } from '../../src/db/client.js';
import { createMediator, createUser, signIn, type MediatorOptions } from './factories.js';

export type Headers = Record<string, string>;
export type HttpResponse = Response;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Starts the app on an ephemeral port of a real socket (unless it listens already) and returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return baseUrlOf(app);
}

function baseUrlOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('the app is not listening: call listen(app) first');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * supertest against a listening app (or a base URL): every request goes through a real socket and
 * Node's HTTP stack, where header limits and connection handling live (app.inject would skip them).
 * Races need it too: parallel calls are parallel connections and parallel transactions.
 */
const api = (target: FastifyInstance | string) => supertest(typeof target === 'string' ? target : baseUrlOf(target));

// Loopback is all of 127.0.0.0/8: binding the client's end of the socket to another of its addresses
// is how a test speaks from several client addresses through a real socket.
const agents = new Map<string, Agent>();
const agentFrom = (address: string) => {
  let agent = agents.get(address);
  if (!agent) agents.set(address, (agent = new Agent({ localAddress: address })));
  return agent;
};

export interface HttpOptions {
  headers?: Headers;
  /** Sent as JSON; a string is sent as it is (with the content-type the headers give). */
  body?: unknown;
  cookies?: Record<string, string>;
  /** The client's address, one of 127.0.0.0/8. */
  from?: string;
}

/** One HTTP call over a real socket; JSON bodies (problem+json included) come parsed in `body`, all in `text`. */
export function http(
  target: FastifyInstance | string,
  method: Method,
  path: string,
  { headers = {}, body, cookies, from }: HttpOptions = {},
) {
  const verb = method.toLowerCase() as Lowercase<Method>;
  let test = api(target)[verb](path).set(headers);
  if (cookies)
    test = test.set(
      'cookie',
      Object.entries(cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join('; '),
    );
  if (from) test = test.agent(agentFrom(from));
  return body === undefined ? test : test.send(body as string | object);
}

/** The cookie a response sets, with its attributes as `Set-Cookie` spelled them. */
export function cookieOf(response: Response, name: string): Cookie | undefined {
  const header = response.headers['set-cookie'] as string | string[] | undefined;
  return parseSetCookie(header ?? []).find((cookie) => cookie.name === name);
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
