import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../helpers/factories.js';
import { http, statuses, type Headers } from '../helpers/http.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { createSignedInUser } from '../helpers/factories.js';

// Issue 13, points 3 and 4: races on accounts, fired as real parallel requests at real PostgreSQL.

let context: TestContext;
let coordinator: Headers;

beforeAll(async () => {
  context = await createTestApp();
  coordinator = (await createSignedInUser(context.app, context.database.db, { role: 'coordinator' })).headers;
});
afterAll(async () => context.close());

describe('parallel creation of one user', () => {
  const ROUNDS = 50;
  const PARALLEL = 10;

  it(`ten POST /api/users with one new e-mail: one 201, nine 409 CONFLICT naming email, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Spelled differently each time: the unique index is on lower(email).
      const email = `race-${round}@test.ponte`;
      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, index) =>
          http(context.baseUrl, 'POST', '/api/users', {
            headers: coordinator,
            body: { email: index % 2 ? email.toUpperCase() : email, name: `Race ${round}`, role: 'coordinator' },
          }),
        ),
      );
      const texts = responses.map((response) => `${response.status} ${response.text}`).join('\n');
      expect(statuses(responses), `round ${round}:\n${texts}`).toEqual([201, ...Array<number>(PARALLEL - 1).fill(409)]);
      for (const response of responses.filter((candidate) => candidate.status === 409)) {
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'email' }] });
      }
    }
  });
});

describe('the login throttle under concurrency', () => {
  it('thirty parallel wrong-password logins for one account: at most five answered 401, the rest 429', async () => {
    const user = await createUser(context.database.db, { role: 'coordinator' });
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        http(context.baseUrl, 'POST', '/api/auth/login', {
          body: { email: user.email, password: 'wrong-password-000' },
          from: '127.3.0.1',
        }),
      ),
    );
    const counted = statuses(responses);
    expect(counted.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(counted.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect(counted.filter((status) => status === 429).length).toBeGreaterThanOrEqual(25);
    // The account stays locked for the right password too, until the window passes.
    const blocked = await http(context.baseUrl, 'POST', '/api/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD },
      from: '127.3.0.2',
    });
    expect(blocked.status).toBe(429);
  });

  it('a successful login takes back the attempt it counted', async () => {
    const user = await createUser(context.database.db, { role: 'coordinator' });
    // Twenty good logins from one address would hit the address limit if each left a failure behind.
    for (let attempt = 0; attempt < 21; attempt += 1) {
      const response = await http(context.baseUrl, 'POST', '/api/auth/login', {
        body: { email: user.email, password: TEST_PASSWORD },
        from: '127.3.0.3',
      });
      expect(response.status, `attempt ${attempt}`).toBe(200);
    }
  });
});
