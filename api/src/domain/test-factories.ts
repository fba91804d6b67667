import { toSlotMinutes } from './availability.js';
import { PLAIN_WAVE_RULES, type DispatchPolicyOverride } from './dispatch-policy.js';
import type { MatchMediator, MatchRequest, MediatorHistory } from './matching.js';

/** Test data builders for the domain: sensible defaults, each test overrides only what it is about. */

/** Wednesday 14 April 2027, 10:00 in Rome (CEST). */
export const DEFAULT_REQUEST_START = new Date('2027-04-14T08:00:00Z');

export const WORKING_WEEK = toSlotMinutes(
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
);

export function createMatchRequest(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return {
    id: 'request-1',
    serviceType: 'school_meeting',
    languageCode: 'ar',
    dialect: null,
    mode: 'in_person',
    startsAt: DEFAULT_REQUEST_START,
    durationMinutes: 60,
    districtId: 'district-north',
    genderPreference: null,
    genderRequired: false,
    dialectRequired: false,
    caseRef: null,
    ...overrides,
  };
}

export function createMatchMediator(overrides: Partial<MatchMediator> = {}): MatchMediator {
  return {
    id: 'mediator-1',
    fullName: 'Amina Benali',
    active: true,
    gender: 'female',
    languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'fluent' }],
    districtIds: ['district-north'],
    homeDistrictId: null,
    modes: ['in_person', 'phone', 'video'],
    qualifications: ['school', 'social_services'],
    maxWeeklyMinutes: 2400,
    weekly: WORKING_WEEK,
    timeOff: [],
    ...overrides,
  };
}

export function createMediatorHistory(overrides: Partial<MediatorHistory> = {}): MediatorHistory {
  return {
    assignments: [],
    bookedMinutesInWeek: 0,
    minutesDeliveredLast30Days: 0,
    servedCaseRefs: [],
    refusedThisRequest: null,
    ...overrides,
  };
}

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/** DESIGN.md's first table: plain waves, no family first, no last call. Tests of wave mechanics start from it. */
export const PLAIN_WAVES = Object.freeze({
  urgent: { waveSize: 5, offerTtlSeconds: 600, ...PLAIN_WAVE_RULES },
  soon: { waveSize: 3, offerTtlSeconds: 1800, ...PLAIN_WAVE_RULES },
  planned: { waveSize: 1, offerTtlSeconds: 7200, wavesBeforeBroadcast: 3, ...PLAIN_WAVE_RULES },
}) satisfies DispatchPolicyOverride;
