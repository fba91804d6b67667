import type { Me } from '@ponte/shared';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { api } from '@/api/client';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { createAppRouter, safeRedirect } from './index';

/** The app's router plus one coordinator-only page, with the session the refresh cookie gives. */
function routerWithSession(user: Me | null) {
  const server = fakeFetch({
    'POST /api/auth/refresh': () =>
      user ? jsonResponse(200, { accessToken: 'restored', expiresIn: 900 }) : problemResponse(401, 'UNAUTHENTICATED'),
    'GET /api/me': () => jsonResponse(200, user),
  });
  vi.stubGlobal('fetch', server.fetch);
  const router = createAppRouter(createMemoryHistory());
  router.addRoute({
    path: '/coordination',
    name: 'coordination',
    component: { render: () => null },
    meta: { roles: ['coordinator'] },
  });
  return { router, server };
}

describe('router access guard', () => {
  beforeEach(() => {
    api.setAccessToken(null);
    setActivePinia(createPinia());
  });

  it('sends a signed-out visitor to sign in, remembering where they were going', async () => {
    const { router } = routerWithSession(null);

    await router.push('/coordination?week=2');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/coordination?week=2');

    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/login');
  });

  it('lets signed-out visitors see public pages', async () => {
    const { router } = routerWithSession(null);

    await router.push('/invite?token=abcdefghijklmnop');
    expect(router.currentRoute.value.name).toBe('accept-invite');
    await router.push('/no/such/page');
    expect(router.currentRoute.value.name).toBe('not-found');
  });

  it('restores the session once from the cookie, then lets the user in', async () => {
    const { router, server } = routerWithSession(buildMe());

    await router.push('/');
    expect(router.currentRoute.value.name).toBe('home');
    await router.push('/forbidden');
    await router.push('/');
    expect(server.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('sends a signed-in user away from the sign-in page', async () => {
    const { router } = routerWithSession(buildMe());

    await router.push('/login?redirect=/forbidden');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('sends a wrong role to /forbidden and lets the right one in', async () => {
    const asRequester = routerWithSession(buildMe({ role: 'requester' })).router;
    await asRequester.push('/coordination');
    expect(asRequester.currentRoute.value.name).toBe('forbidden');

    setActivePinia(createPinia());
    api.setAccessToken(null);
    const asCoordinator = routerWithSession(buildMe({ role: 'coordinator', organizationId: null })).router;
    await asCoordinator.push('/coordination');
    expect(asCoordinator.currentRoute.value.name).toBe('coordination');
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/requests/42?tab=timeline', '/requests/42?tab=timeline'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('%j → %s', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });
});
