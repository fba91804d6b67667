import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser, createUser, signIn, TEST_PASSWORD } from '../helpers/factories.js';
import { cookieOf, http } from '../helpers/http.js';
import { forgeJwt } from '../helpers/jwt.js';
import { REUSE_GRACE_MS } from '../../src/modules/auth/auth.service.js';
import { createTestApp, TEST_JWT_SECRET, type TestContext } from '../helpers/test-app.js';

let context: TestContext;
beforeAll(async () => {
  context = await createTestApp();
});
afterAll(async () => context.close());

// Client addresses are loopback ones (127.0.0.0/8), so each attempt really comes from its own address.
const login = (email: string, password: string, from = '127.0.0.10') =>
  http(context.app, 'POST', '/api/auth/login', { body: { email, password }, from });
const me = (authorization: string) => http(context.app, 'GET', '/api/me', { headers: { authorization } });
const refresh = (cookie: string) =>
  http(context.app, 'POST', '/api/auth/refresh', { cookies: { ponte_refresh: cookie } });

describe('sign-in', () => {
  it('signs in with the right password and returns the user and an httpOnly strict refresh cookie', async () => {
    const user = await createUser(context.database.db, { role: 'coordinator' });
    const response = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ expiresIn: 900, user: { id: user.id, role: 'coordinator', email: user.email } });
    const cookie = cookieOf(response, 'ponte_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect((await me(`Bearer ${body.accessToken}`)).body).toMatchObject({ id: user.id, role: 'coordinator' });
  });

  it('refuses a wrong password and an unknown user alike, with 401 problem details', async () => {
    const user = await createUser(context.database.db, { role: 'coordinator' });
    const wrong = await login(user.email, 'wrong-password-123');
    const unknown = await login('nobody@test.ponte', TEST_PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        detail: 'Wrong email or password',
      });
    }
  });

  it('names every bad field of the body', async () => {
    const response = await login('not-an-email', '');
    expect(response.statusCode).toBe(400);
    const paths = (response.body as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths.sort()).toEqual(['email', 'password']);
  });

  it('rate-limits one account after five failures, even from several addresses', async () => {
    const user = await createUser(context.database.db, { role: 'coordinator' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login(user.email, 'bad-password-000', `127.1.0.${attempt + 1}`)).statusCode).toBe(401);
    }
    const blocked = await login(user.email, TEST_PASSWORD, '127.1.0.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    context.clock.advance(16 * 60 * 1000);
    expect((await login(user.email, TEST_PASSWORD, '127.1.0.99')).statusCode).toBe(200);
  });

  it('rate-limits one address trying many accounts', async () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await login(`someone-${attempt}@test.ponte`, 'bad-password-000', '127.2.0.1');
    }
    const user = await createUser(context.database.db, { role: 'coordinator' });
    expect((await login(user.email, TEST_PASSWORD, '127.2.0.1')).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '127.2.0.2')).statusCode).toBe(200);
  });
});

describe('access tokens', () => {
  it('refuses no token, an expired token, another secret and alg none', async () => {
    const { user } = await createSignedInUser(context.app, context.database.db, { role: 'coordinator' });
    const claims = { sub: user.id, role: 'coordinator', organizationId: null, mediatorId: null };
    const now = Math.floor(Date.now() / 1000);
    const cases = {
      missing: '',
      expired: `Bearer ${forgeJwt({ ...claims, iat: now - 3600, exp: now - 1800 }, { secret: TEST_JWT_SECRET })}`,
      otherSecret: `Bearer ${forgeJwt({ ...claims, iat: now, exp: now + 600 }, { secret: 'another-secret-another-secret-1234' })}`,
      algNone: `Bearer ${forgeJwt({ ...claims, iat: now, exp: now + 600 }, { algorithm: 'none' })}`,
      garbage: 'Bearer not.a.jwt',
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const response = await me(authorization);
      expect(response.statusCode, name).toBe(401);
      expect(response.body.code, name).toBe('UNAUTHENTICATED');
    }
    // The same forged claims with the right secret pass: the refusals above are about the signature and expiry.
    const valid = `Bearer ${forgeJwt({ ...claims, iat: now, exp: now + 600 }, { secret: TEST_JWT_SECRET })}`;
    expect((await me(valid)).statusCode).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotates on every refresh, and a reused token revokes the whole family', async () => {
    const { refreshCookie: first } = await createSignedInUser(context.app, context.database.db, {
      role: 'coordinator',
    });
    const rotated = await refresh(first);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body.accessToken).toEqual(expect.any(String));
    expect(rotated.body.user).toMatchObject({ role: 'coordinator' });
    const second = cookieOf(rotated, 'ponte_refresh')?.value ?? '';
    expect(second).not.toBe(first);

    const third = cookieOf(await refresh(second), 'ponte_refresh')?.value ?? '';
    expect(third).not.toBe('');

    // Later, an attacker replays the first token: refused, and the legitimate latest token dies with it.
    context.clock.advance(REUSE_GRACE_MS + 1000);
    expect((await refresh(first)).statusCode).toBe(401);
    expect((await refresh(third)).statusCode).toBe(401);
  });

  it('refuses a refresh without a cookie or after logout', async () => {
    expect((await refresh('')).statusCode).toBe(401);
    const { refreshCookie } = await createSignedInUser(context.app, context.database.db, { role: 'coordinator' });
    const logout = await http(context.app, 'POST', '/api/auth/logout', { cookies: { ponte_refresh: refreshCookie } });
    expect(logout.statusCode).toBe(204);
    expect((await refresh(refreshCookie)).statusCode).toBe(401);
  });

  it('takes a reuse within seconds for the same browser retrying (two tabs, an aborted reload), not for theft', async () => {
    const { refreshCookie } = await createSignedInUser(context.app, context.database.db, { role: 'coordinator' });
    const results = await Promise.all([refresh(refreshCookie), refresh(refreshCookie)]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
    const successors = results.map((response) => cookieOf(response, 'ponte_refresh')?.value);
    expect(new Set(successors).size).toBe(2);
    context.clock.advance(REUSE_GRACE_MS + 1000);
    expect((await refresh(refreshCookie)).statusCode).toBe(401);
    // The theft verdict kills every token of the family, the retry's successors included.
    for (const successor of successors) expect((await refresh(successor ?? '')).statusCode).toBe(401);
  });
});

describe('invitations', () => {
  it('creates a user by invitation; the link sets a password once and signs in', async () => {
    const coordinator = await createSignedInUser(context.app, context.database.db, { role: 'coordinator' });
    const created = await http(context.app, 'POST', '/api/users', {
      headers: coordinator.headers,
      body: { email: 'nuova.coordinatrice@test.ponte', name: 'Nuova', role: 'coordinator' },
    });
    expect(created.statusCode).toBe(201);
    const { inviteUrl, user } = created.body;
    expect(user.invitationPending).toBe(true);
    const token = new URL(inviteUrl).searchParams.get('token') ?? '';
    const accept = () =>
      http(context.app, 'POST', '/api/auth/accept-invite', { body: { token, password: 'a-brand-new-password' } });
    const accepted = await accept();
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body.user.email).toBe('nuova.coordinatrice@test.ponte');
    expect((await accept()).statusCode).toBe(401);
    expect((await signIn(context.app, 'nuova.coordinatrice@test.ponte', 'a-brand-new-password')).token).toEqual(
      expect.any(String),
    );
  });
});
