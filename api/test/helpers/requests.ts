import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { RequestCreate } from '@ponte/shared';

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

export async function postRequest(
  app: FastifyInstance,
  headers: Record<string, string>,
  body: RequestCreate,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/requests', headers, payload: body });
}

export async function pendingOffers(app: FastifyInstance, headers: Record<string, string>) {
  const response = await app.inject({ method: 'GET', url: '/api/offers?status=pending', headers });
  if (response.statusCode !== 200) throw new Error(`offers: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; request: { id: string } }[]>();
}
