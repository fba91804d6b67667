import type { Me } from '@ponte/shared';

/** Test doubles for the one outside edge of the SPA: the network, as seen through fetch. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problemResponse(
  status: number,
  code: string,
  options: { detail?: string; errors?: { path: string; message: string }[]; headers?: Record<string, string> } = {},
): Response {
  const body = {
    type: `https://ponte.example/problems/${code.toLowerCase()}`,
    title: 'Error',
    status,
    detail: options.detail ?? code,
    code,
    ...(options.errors ? { errors: options.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...options.headers },
  });
}

export const noContent = () => new Response(null, { status: 204 });

export function buildMe(overrides: Partial<Me> = {}): Me {
  return {
    id: '3f1c2a8e-5b7d-4c1e-9a2b-1d2e3f4a5b6c',
    email: 'docente@ponte.demo',
    name: 'Marco Brambilla',
    role: 'requester',
    organizationId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
    mediatorId: null,
    locale: 'it',
    ...overrides,
  };
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

type Route = (call: RecordedCall) => Response | Promise<Response>;

/**
 * A fake fetch answering by "METHOD /path" and recording every call. A route may be a function of the
 * call (to look at the token) or a list of responses given out in order.
 */
export function fakeFetch(routes: Record<string, Route | Response[]>) {
  const calls: RecordedCall[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://ponte.test');
    const headers = new Headers(init.headers);
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      path: url.pathname,
      authorization: headers.get('Authorization'),
      credentials: init.credentials,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    if (!route) throw new Error(`fakeFetch: no route for ${call.method} ${call.path}`);
    if (Array.isArray(route)) {
      const next = route.shift();
      if (!next) throw new Error(`fakeFetch: no more responses for ${call.method} ${call.path}`);
      return next;
    }
    return route(call);
  };
  const callsTo = (method: string, path: string) =>
    calls.filter((call) => call.method === method && call.path === path);
  return { fetch, calls, callsTo };
}
