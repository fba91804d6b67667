import { exclusionReasons, NOBODY_SPEAKS_LANGUAGE } from '@ponte/shared';

/**
 * Reason codes of the gap report (GET /api/reports/gaps) that have a sentence of their own: matching's
 * exclusion reasons, plus the report's own `no_mediator_speaks_language`, said once per request when
 * nobody speaks the language at all.
 */

export const gapReasonKeys = [NOBODY_SPEAKS_LANGUAGE, ...exclusionReasons] as const;
export type GapReasonKey = (typeof gapReasonKeys)[number];
