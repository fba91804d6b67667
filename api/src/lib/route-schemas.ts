import { Problem } from '@ponte/shared';

/** How the errors plugin answers every failure: RFC 9457 problem details, sent as `application/problem+json`. */
const problemResponse = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: Problem } },
};

/** Problem responses for the OpenAPI document of a route: `...problems(400, 401)`. */
export function problems(...statuses: (number | '4xx')[]): Record<number | string, typeof problemResponse> {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse]));
}

/** The access token in `Authorization: Bearer …`; the document's default, so a route only says so for clarity. */
export const bearer = [{ bearerAuth: [] }];

/** Operations anyone may call: no credential at all, or one that travels in the body or the query. */
export const publicAccess = [];

/** The rotating refresh cookie (`ponte_refresh`, httpOnly): the credential of refresh and logout. */
export const refreshCookie = [{ refreshCookie: [] }];
