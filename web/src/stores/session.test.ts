import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { applyLocale, currentLocale, storedLocale } from '@/i18n';
import { buildMe, fakeFetch, jsonResponse, noContent, problemResponse } from '@/testing/http';
import { useSessionStore } from './session';

const loginResponse = (user = buildMe()) => jsonResponse(200, { accessToken: 'access-1', expiresIn: 900, user });

describe('session store', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    localStorage.clear();
    await applyLocale('it');
    setActivePinia(createPinia());
  });

  it('signs in: keeps the token in memory, the user, and applies the account language', async () => {
    const server = fakeFetch({ 'POST /api/auth/login': [loginResponse(buildMe({ locale: 'en' }))] });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await session.signIn('docente@ponte.demo', 'ponte-demo-2026');

    expect(server.calls[0]?.body).toEqual({ email: 'docente@ponte.demo', password: 'ponte-demo-2026' });
    expect(session.user?.email).toBe('docente@ponte.demo');
    expect(session.isSignedIn).toBe(true);
    expect(session.accessToken).toBe('access-1');
    expect(api.getAccessToken()).toBe('access-1');
    expect(currentLocale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(storedLocale()).toBe('en');
    // Memory only: nothing of the session is written to storage.
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
  });

  it('lets a failed sign-in through as an ApiError and stays signed out', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [problemResponse(401, 'UNAUTHENTICATED')] }).fetch);
    const session = useSessionStore();

    await expect(session.signIn('docente@ponte.demo', 'wrong')).rejects.toMatchObject({ status: 401 });
    expect(session.user).toBeNull();
    expect(session.accessToken).toBeNull();
  });

  it('does not try a silent refresh in a browser that holds no session hint (no 401 in the console)', async () => {
    document.cookie = 'ponte_session=; Max-Age=0; Path=/';
    const server = fakeFetch({});
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await expect(session.restore()).resolves.toBe(false);
    expect(server.calls).toHaveLength(0);
  });

  it('forgets the session hint when the refresh cookie is refused', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/refresh': [problemResponse(401, 'UNAUTHENTICATED')] }).fetch);
    const session = useSessionStore();

    await expect(session.restore()).resolves.toBe(false);
    expect(document.cookie).not.toContain('ponte_session=1');
  });

  it('restores a session from the refresh cookie', async () => {
    const server = fakeFetch({
      'POST /api/auth/refresh': [jsonResponse(200, { accessToken: 'restored', expiresIn: 900 })],
      'GET /api/me': (call) =>
        call.authorization === 'Bearer restored'
          ? jsonResponse(
              200,
              buildMe({ role: 'mediator', organizationId: null, mediatorId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' }),
            )
          : problemResponse(401, 'UNAUTHENTICATED'),
    });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await expect(session.restore()).resolves.toBe(true);
    expect(session.user?.role).toBe('mediator');
    expect(session.accessToken).toBe('restored');
  });

  it('takes the user from the refresh answer, with no second round trip for /api/me', async () => {
    const me = buildMe({ role: 'requester' });
    const server = fakeFetch({
      'POST /api/auth/refresh': [jsonResponse(200, { accessToken: 'restored', expiresIn: 900, user: me })],
    });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await expect(session.restore()).resolves.toBe(true);
    expect(session.user).toEqual(me);
    expect(server.callsTo('GET', '/api/me')).toHaveLength(0);
  });

  it('restores nothing when the cookie is refused or the server is unreachable', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/refresh': [problemResponse(401, 'UNAUTHENTICATED')] }).fetch);
    const session = useSessionStore();
    await expect(session.restore()).resolves.toBe(false);
    expect(session.user).toBeNull();

    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(session.restore()).resolves.toBe(false);
    expect(session.user).toBeNull();
  });

  it('restores at most once however many navigations ask', async () => {
    const server = fakeFetch({ 'POST /api/auth/refresh': [problemResponse(401, 'UNAUTHENTICATED')] });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await Promise.all([session.restoreOnce(), session.restoreOnce()]);
    await session.restoreOnce();
    expect(server.calls).toHaveLength(1);
  });

  it('signs out on the server and forgets the session, even when the server cannot be reached', async () => {
    const server = fakeFetch({
      'POST /api/auth/login': [loginResponse(), loginResponse()],
      'POST /api/auth/logout': [noContent()],
    });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();
    await session.signIn('docente@ponte.demo', 'ponte-demo-2026');

    await session.signOut();
    expect(server.callsTo('POST', '/api/auth/logout')[0]).toMatchObject({
      authorization: 'Bearer access-1',
      credentials: 'include',
    });
    expect(session.user).toBeNull();
    expect(session.accessToken).toBeNull();

    await session.signIn('docente@ponte.demo', 'ponte-demo-2026');
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await session.signOut();
    expect(session.user).toBeNull();
    expect(api.getAccessToken()).toBeNull();
  });

  it('forgets the user when the session ends under it (a refresh refused mid-use)', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'POST /api/auth/login': [loginResponse()] }).fetch);
    const session = useSessionStore();
    await session.signIn('docente@ponte.demo', 'ponte-demo-2026');

    api.setAccessToken(null);
    expect(session.user).toBeNull();
  });

  it('changes language: on this device when signed out, on the account too when signed in', async () => {
    const server = fakeFetch({
      'POST /api/auth/login': [loginResponse()],
      'PATCH /api/me': (call) => jsonResponse(200, buildMe({ locale: (call.body as { locale: 'it' | 'en' }).locale })),
    });
    vi.stubGlobal('fetch', server.fetch);
    const session = useSessionStore();

    await session.setLocale('en');
    expect(currentLocale()).toBe('en');
    expect(storedLocale()).toBe('en');
    expect(server.calls).toHaveLength(0);

    await session.signIn('docente@ponte.demo', 'ponte-demo-2026');
    expect(currentLocale()).toBe('it');
    await session.setLocale('en');
    expect(server.callsTo('PATCH', '/api/me')[0]).toMatchObject({
      body: { locale: 'en' },
      authorization: 'Bearer access-1',
    });
    expect(session.user?.locale).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
