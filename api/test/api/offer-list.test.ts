import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Offer } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import { createSignedInMediators, http, type Headers } from '../helpers/http.js';
import { requestBody } from '../helpers/requests.js';
import { createSchoolScenario, type TestContext } from '../helpers/test-app.js';

/*
 * GET /api/offers is built as JSON by PostgreSQL (offer-list.query.ts); accept and decline answer with an
 * offer built in TypeScript. Both must be the same `Offer`, key for key and value for value.
 */

// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;

beforeAll(async () => {
  ({ context, db, baseUrl, requester } = await createSchoolScenario(START));
});
afterAll(async () => context.close());

async function listOffers(headers: Headers, query = '') {
  const response = await http(baseUrl, 'GET', `/api/offers${query}`, { headers });
  expect(response.status, response.text).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return z.array(Offer).parse(response.body);
}

describe('the offer list', () => {
  it('lists exactly the offer that accept and decline return, pending ones soonest to expire first', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ti'] });
    // Created first but planned (an offer that lives longer), then urgent (a short-lived offer).
    const planned = await http(baseUrl, 'POST', '/api/requests', {
      headers: requester,
      body: requestBody(START, { languageCode: 'ti', hoursAhead: 24 * 8, dialect: 'Asmara' }),
    });
    context.clock.advance(60_000);
    const urgent = await http(baseUrl, 'POST', '/api/requests', {
      headers: requester,
      body: requestBody(START, { languageCode: 'ti', hoursAhead: 5, mode: 'phone' }),
    });
    expect([planned.status, urgent.status]).toEqual([201, 201]);

    const pending = await listOffers(mediator!.headers, '?status=pending');
    expect(pending.map((offer) => offer.request.id)).toEqual([urgent.body.id, planned.body.id]);
    expect(pending[0]!.expiresAt < pending[1]!.expiresAt).toBe(true);

    const declined = await http(baseUrl, 'POST', `/api/offers/${pending[1]!.id}/decline`, {
      headers: mediator!.headers,
      body: {},
    });
    expect(declined.status, declined.text).toBe(200);
    expect(pending[1]).toEqual({ ...declined.body, status: 'pending' });
    expect(declined.body.request).toMatchObject({
      dialect: 'Asmara',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      durationMinutes: 60,
    });
    expect(await listOffers(mediator!.headers, '?status=declined')).toEqual([declined.body]);

    const accepted = await http(baseUrl, 'POST', `/api/offers/${pending[0]!.id}/accept`, {
      headers: mediator!.headers,
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(pending[0]).toEqual({ ...accepted.body.offer, status: 'pending' });
    expect(await listOffers(mediator!.headers, '?status=pending')).toEqual([]);
    // Every offer, newest first.
    expect(await listOffers(mediator!.headers)).toEqual([accepted.body.offer, declined.body]);
  });

  it('is an empty JSON array for a mediator without offers', async () => {
    const [mediator] = await createSignedInMediators(context.app, db, 1, { languages: ['ps'] });
    expect(await listOffers(mediator!.headers)).toEqual([]);
    expect(await listOffers(mediator!.headers, '?status=pending')).toEqual([]);
  });
});
