import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createSignedInMediators, http, type Headers } from '../helpers/http.js';
import { requestBody } from '../helpers/requests.js';
import { createSchoolScenario, type TestContext } from '../helpers/test-app.js';

/*
 * DESIGN.md, Privacy: before accepting, a mediator sees only service type, language, municipality,
 * date, time, duration and mode; notes, contact and subject only once assigned — and only while assigned.
 */

// A Tuesday, 09:00 in Rome.
const START = new Date('2027-03-09T08:00:00Z');

const personal = {
  contactName: 'Maestra Lucia Bianchi',
  // Already in E.164, so the stored value is the one sent.
  contactPhone: '+390399876543',
  notes: 'Il padre lavora di notte, chiamare dopo le 14',
  caseRef: 'FAM-0042-PSEUDO',
  subject: { pupilInitials: 'Z.H.', pupilAge: 9, classGrade: '4B', arrivalDate: '2026-09-01' },
  location: { address: 'Via Garibaldi 12, Arcore', municipality: 'Arcore' },
};
/** Keys that carry personal data, at any depth of an offer. */
const personalKeys = [
  'contactName',
  'contactPhone',
  'notes',
  'subject',
  'caseRef',
  'address',
  'location',
  'pupilInitials',
];
/** The values themselves, wherever they might leak (a renamed field, a nested copy). */
const personalValues = [
  personal.contactName,
  personal.contactPhone,
  personal.notes,
  personal.caseRef,
  personal.subject.pupilInitials,
  personal.location.address,
  'Via Garibaldi',
];

let context: TestContext;
let db: Database;
let baseUrl: string;
let requester: Headers;

beforeAll(async () => {
  ({ context, db, baseUrl, requester } = await createSchoolScenario(START));
});
afterAll(async () => context.close());

function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      found.add(key);
      keysOf(item, found);
    }
  }
  return found;
}

/** Every way a mediator lists offers; none may carry anything personal. */
async function expectOffersWithoutPersonalData(headers: Headers, label: string) {
  for (const query of ['', '?status=pending', '?status=accepted', '?status=withdrawn']) {
    const response = await http(baseUrl, 'GET', `/api/offers${query}`, { headers });
    expect(response.status, `${label} GET /api/offers${query}`).toBe(200);
    const leakedKeys = personalKeys.filter((key) => keysOf(response.body).has(key));
    expect(leakedKeys, `${label} GET /api/offers${query}: personal keys`).toEqual([]);
    const leakedValues = personalValues.filter((value) => response.text.includes(value));
    expect(leakedValues, `${label} GET /api/offers${query}: personal values`).toEqual([]);
  }
}

describe('privacy of a request before and after assignment', () => {
  it('offers carry only what is needed to decide; the request itself opens to the assigned mediator alone', async () => {
    context.clock.set(START);
    const mediators = await createSignedInMediators(context.app, db, 3, { languages: ['zh'] });
    const created = await http(baseUrl, 'POST', '/api/requests', {
      headers: requester,
      body: requestBody(START, { languageCode: 'zh', hoursAhead: 5, ...personal }),
    });
    expect(created.status, created.text).toBe(201);
    const requestId = created.body.id as string;
    expect(created.body.dispatch.pendingOffers).toBe(3);

    // Offered, not assigned: the offer has what a mediator needs to decide, the request is not theirs to read.
    const offerIds = new Map<string, string>();
    for (const [index, mediator] of mediators.entries()) {
      const pending = await http(baseUrl, 'GET', '/api/offers?status=pending', { headers: mediator.headers });
      const offer = (pending.body as { id: string; request: Record<string, unknown> }[]).find(
        (item) => item.request.id === requestId,
      );
      expect(offer?.request).toMatchObject({
        serviceType: 'school_welcome',
        languageCode: 'zh',
        mode: 'in_person',
        municipality: 'Arcore',
        durationMinutes: 60,
      });
      offerIds.set(mediator.mediator.id, offer!.id);
      await expectOffersWithoutPersonalData(mediator.headers, `offered mediator ${index}`);
      const read = await http(baseUrl, 'GET', `/api/requests/${requestId}`, { headers: mediator.headers });
      expect(read.status, `offered mediator ${index} reads the request`).toBe(404);
      expect(personalValues.filter((value) => read.text.includes(value))).toEqual([]);
    }

    // Assigned: now the contact, notes, subject, case and address are the mediator's to know.
    const [assigned, ...others] = mediators;
    const accepted = await http(baseUrl, 'POST', `/api/offers/${offerIds.get(assigned!.mediator.id)}/accept`, {
      headers: assigned!.headers,
    });
    expect(accepted.status, accepted.text).toBe(200);
    const expectedDetail = { ...personal, assignedMediator: { id: assigned!.mediator.id } };
    expect(accepted.body.request).toMatchObject(expectedDetail);
    const read = await http(baseUrl, 'GET', `/api/requests/${requestId}`, { headers: assigned!.headers });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(expectedDetail);
    // Even the assigned mediator's offer list stays minimal: the request detail is where the rest lives.
    await expectOffersWithoutPersonalData(assigned!.headers, 'assigned mediator');

    // The others lost the race: still nothing personal, and still 404 on the request.
    for (const [index, other] of others.entries()) {
      await expectOffersWithoutPersonalData(other.headers, `losing mediator ${index}`);
      expect((await http(baseUrl, 'GET', `/api/requests/${requestId}`, { headers: other.headers })).status).toBe(404);
    }

    // Withdrawn, the mediator is an outsider again.
    const withdrawn = await http(baseUrl, 'POST', `/api/requests/${requestId}/withdraw`, {
      headers: assigned!.headers,
      body: { reason: 'sick' },
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect((await http(baseUrl, 'GET', `/api/requests/${requestId}`, { headers: assigned!.headers })).status).toBe(404);
    await expectOffersWithoutPersonalData(assigned!.headers, 'withdrawn mediator');
  });
});
