import { Problem } from '@ponte/shared';

/** Problem responses for the OpenAPI document of a route: `...problems(400, 401)`. */
export function problems(...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(statuses.map((status) => [status, Problem.describe(`Problem details (RFC 9457)`)]));
}

export const bearer = [{ bearerAuth: [] }];
