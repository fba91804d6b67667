import type { FastifyInstance } from 'fastify';
import type { RequestCreate } from '@ponte/shared';
import { http, type Headers } from './http.js';

const HOUR = 3_600_000;

/** A valid request body starting `hoursAhead` after `now`; override any field. */
export function requestBody(
  now: Date,
  overrides: Partial<RequestCreate> & { hoursAhead?: number } = {},
): RequestCreate {
  const { hoursAhead = 4, ...fields } = overrides;
  return {
    serviceType: 'school_welcome',
    languageCode: 'ar',
    mode: 'in_person',
    startsAt: new Date(now.getTime() + hoursAhead * HOUR).toISOString(),
    durationMinutes: 60,
    contactName: 'Maestra Rossi',
    contactPhone: '+39 039 1234567',
    ...fields,
  };
}

export const postRequest = (app: FastifyInstance, headers: Headers, body: RequestCreate) =>
  http(app, 'POST', '/api/requests', { headers, body });

export async function pendingOffers(app: FastifyInstance, headers: Headers) {
  const response = await http(app, 'GET', '/api/offers?status=pending', { headers });
  if (response.statusCode !== 200) throw new Error(`offers: ${response.statusCode} ${response.text}`);
  return response.body as { id: string; request: { id: string } }[];
}
