import { describe, expect, it, vi } from 'vitest';
import { Me } from '@ponte/shared';
import { buildMe, fakeFetch, jsonResponse, noContent, problemResponse } from '@/testing/http';
import { ApiError, createApiClient } from './client';

const tokens = (accessToken: string) => jsonResponse(200, { accessToken, expiresIn: 900 });
const me = buildMe();

describe('api client', () => {
  it('sends the bearer token and parses the response with the shared schema', async () => {
    const server = fakeFetch({ 'GET /api/me': [jsonResponse(200, me)] });
    const client = createApiClient({ fetch: server.fetch });
    client.setAccessToken('token-1');

    await expect(client.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    expect(server.calls[0]).toMatchObject({ authorization: 'Bearer token-1', credentials: 'same-origin' });
  });

  it('on a 401 refreshes once with the cookie and retries with the new token', async () => {
    const server = fakeFetch({
      'GET /api/me': (call) =>
        call.authorization === 'Bearer fresh' ? jsonResponse(200, me) : problemResponse(401, 'UNAUTHENTICATED'),
      'POST /api/auth/refresh': [tokens('fresh')],
    });
    const client = createApiClient({ fetch: server.fetch });
    client.setAccessToken('expired');

    await expect(client.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    expect(server.calls.map((call) => `${call.method} ${call.path} ${call.authorization}`)).toEqual([
      'GET /api/me Bearer expired',
      'POST /api/auth/refresh null',
      'GET /api/me Bearer fresh',
    ]);
    expect(server.callsTo('POST', '/api/auth/refresh')[0]?.credentials).toBe('include');
    expect(client.getAccessToken()).toBe('fresh');
  });

  it('shares one refresh among concurrent 401s', async () => {
    let releaseRefresh: () => void = () => {};
    const refreshGate = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const server = fakeFetch({
      'GET /api/me': (call) =>
        call.authorization === 'Bearer fresh' ? jsonResponse(200, me) : problemResponse(401, 'UNAUTHENTICATED'),
      'POST /api/auth/refresh': async () => {
        await refreshGate;
        return tokens('fresh');
      },
    });
    const client = createApiClient({ fetch: server.fetch });
    client.setAccessToken('expired');

    const pending = [1, 2, 3].map(() => client.request('GET', '/api/me', { schema: Me }));
    await vi.waitFor(() => expect(server.callsTo('GET', '/api/me')).toHaveLength(3));
    releaseRefresh();

    await expect(Promise.all(pending)).resolves.toEqual([me, me, me]);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(server.callsTo('GET', '/api/me').filter((call) => call.authorization === 'Bearer fresh')).toHaveLength(3);
  });

  it('reuses a token another call already refreshed instead of refreshing again', async () => {
    const server = fakeFetch({
      'GET /api/me': (call) =>
        call.authorization === 'Bearer fresh' ? jsonResponse(200, me) : problemResponse(401, 'UNAUTHENTICATED'),
      'POST /api/auth/refresh': [tokens('fresh')],
    });
    let firstAnswer = true;
    // The first call's 401 arrives only after something else (another call of this page) has refreshed.
    const client = createApiClient({
      fetch: async (input, init) => {
        const response = await server.fetch(input, init);
        if (firstAnswer) {
          firstAnswer = false;
          await client.refreshSession();
        }
        return response;
      },
    });
    client.setAccessToken('expired');

    await expect(client.request('GET', '/api/me', { schema: Me })).resolves.toEqual(me);
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(server.callsTo('GET', '/api/me').map((call) => call.authorization)).toEqual([
      'Bearer expired',
      'Bearer fresh',
    ]);
  });

  it('refreshes under a lock shared with other tabs when the browser has Web Locks', async () => {
    const request = vi.fn((_name: string, callback: () => Promise<unknown>) => callback());
    vi.stubGlobal('navigator', { locks: { request } });
    const server = fakeFetch({ 'POST /api/auth/refresh': [tokens('fresh')] });
    const client = createApiClient({ fetch: server.fetch });

    await expect(client.refreshSession()).resolves.toMatchObject({ accessToken: 'fresh' });
    expect(request).toHaveBeenCalledTimes(1);
    expect(request.mock.calls[0]?.[0]).toBe('ponte.refresh-session');
  });

  it('when the refresh is refused, ends the session and reports the original 401', async () => {
    const server = fakeFetch({
      'GET /api/me': [problemResponse(401, 'UNAUTHENTICATED', { detail: 'Token expired' })],
      'POST /api/auth/refresh': [problemResponse(401, 'UNAUTHENTICATED', { detail: 'No session' })],
    });
    const client = createApiClient({ fetch: server.fetch });
    client.setAccessToken('expired');
    const listener = vi.fn();
    client.onAccessTokenChange(listener);

    const error = await client.request('GET', '/api/me', { schema: Me }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'Token expired' });
    expect(client.getAccessToken()).toBeNull();
    expect(listener).toHaveBeenCalledWith(null);
    expect(server.calls).toHaveLength(2);
  });

  it('does not refresh for a 401 of the auth endpoints themselves (wrong password)', async () => {
    const server = fakeFetch({ 'POST /api/auth/login': [problemResponse(401, 'UNAUTHENTICATED')] });
    const client = createApiClient({ fetch: server.fetch });

    await expect(
      client.request('POST', '/api/auth/login', { body: { email: 'a@b.it', password: 'x' } }),
    ).rejects.toMatchObject({ status: 401 });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({ credentials: 'include', body: { email: 'a@b.it', password: 'x' } });
  });

  it('maps problem+json to status, code, detail and field errors by path', async () => {
    const server = fakeFetch({
      'POST /api/requests': [
        problemResponse(400, 'VALIDATION_FAILED', {
          detail: 'Invalid email, location.address',
          errors: [
            { path: 'email', message: 'Invalid email address' },
            { path: 'location.address', message: 'is required' },
            { path: 'email', message: 'second message for the same field' },
          ],
        }),
      ],
    });
    const client = createApiClient({ fetch: server.fetch });

    const error = (await client
      .request('POST', '/api/requests', { body: {} })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.detail).toBe('Invalid email, location.address');
    expect(error.fieldErrors).toEqual({ email: 'Invalid email address', 'location.address': 'is required' });
    expect(error.hasFieldErrors).toBe(true);
    expect(error.isUnreachable).toBe(false);
  });

  it('turns a network failure into a NETWORK ApiError', async () => {
    const client = createApiClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });

    const error = (await client.request('GET', '/api/health').catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK', isUnreachable: true });
  });

  it('turns a 503 (and a gateway error without problem body) into UNAVAILABLE', async () => {
    const server = fakeFetch({
      'GET /api/health': [
        problemResponse(503, 'UNAVAILABLE', { headers: { 'Retry-After': '5' } }),
        new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
      ],
    });
    const client = createApiClient({ fetch: server.fetch });

    await expect(client.request('GET', '/api/health')).rejects.toMatchObject({
      status: 503,
      code: 'UNAVAILABLE',
      retryAfterSeconds: 5,
      isUnreachable: true,
    });
    await expect(client.request('GET', '/api/health')).rejects.toMatchObject({
      status: 502,
      code: 'UNAVAILABLE',
      isUnreachable: true,
    });
  });

  it('rejects a response that does not match the schema', async () => {
    const server = fakeFetch({ 'GET /api/me': [jsonResponse(200, { id: 'not-a-user' })] });
    const client = createApiClient({ fetch: server.fetch });

    await expect(client.request('GET', '/api/me', { schema: Me })).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('resolves a 204 without a schema, and builds query strings', async () => {
    const server = fakeFetch({
      'POST /api/auth/logout': [noContent()],
      'GET /api/users': [jsonResponse(200, { items: [] })],
    });
    const client = createApiClient({ fetch: server.fetch });
    const seen: string[] = [];
    const recordingClient = createApiClient({
      fetch: (input, init) => {
        seen.push(String(input));
        return server.fetch(input, init);
      },
    });

    await expect(client.request('POST', '/api/auth/logout')).resolves.toBeUndefined();
    await recordingClient.request('GET', '/api/users', { query: { limit: 10, offset: undefined, active: true } });
    expect(seen).toEqual(['/api/users?limit=10&active=true']);
  });
});
