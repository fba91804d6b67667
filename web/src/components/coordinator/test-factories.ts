import type { Candidates, Mediator, RequestDetail, RequestSummary } from '@ponte/shared';

/** Test data for the coordinator's screens: valid by the shared schemas, overridable field by field. */
export const ids = {
  request: '0b7c4e52-9d1a-4f3e-8a6b-2c5d7e9f1a3b',
  organization: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
  amina: '064dfc33-b5cd-4b4c-9aa0-425dc3531fb2',
  dawit: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
  senait: '2e3d4c5b-6f7a-4b8c-9d0e-1f2a3b4c5d6f',
  mediator: '3f4e5d6c-7a8b-4c9d-8e0f-2a3b4c5d6e7f',
};

export function buildRequestSummary(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id: ids.request,
    organizationId: ids.organization,
    organizationName: 'IC Don Milani Vimercate',
    serviceType: 'school_meeting',
    languageCode: 'ar',
    dialect: null,
    mode: 'phone',
    startsAt: '2026-12-03T09:30:00+01:00',
    durationMinutes: 90,
    districtId: 'vimercate',
    municipality: 'Vimercate',
    status: 'unfilled',
    originalMode: null,
    remoteFallback: null,
    lateCancellation: false,
    awaitingConfirmation: false,
    assignedMediator: null,
    caseRef: null,
    fundingLineId: null,
    fundingLineName: null,
    overBudget: false,
    seriesId: null,
    createdAt: '2026-12-01T08:00:00Z',
    ...overrides,
  };
}

export function buildRequestDetail(overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    ...buildRequestSummary(),
    location: { address: 'Via Valcamonica 1', municipality: 'Vimercate' },
    genderPreference: null,
    genderRequired: false,
    dialectRequired: false,
    subject: null,
    contactName: 'Prof.ssa Rossi',
    contactPhone: '039 1234567',
    notes: null,
    cancelReason: null,
    completion: null,
    confirmation: null,
    dispatch: { tier: 'soon', wave: 1, deadline: null, pendingOffers: 0 },
    timeline: [
      {
        at: '2026-12-01T08:00:00Z',
        type: 'created',
        actor: { userId: '3f1c2a8e-5b7d-4c1e-9a2b-1d2e3f4a5b6c', name: 'Marco Brambilla', role: 'requester' },
        data: { tier: 'soon' },
      },
      {
        at: '2026-12-01T08:00:01Z',
        type: 'offers_sent',
        actor: null,
        data: { wave: 1, count: 1, mediatorIds: [ids.amina], expiresAt: '2026-12-01T08:10:01Z' },
      },
      { at: '2026-12-01T08:10:01Z', type: 'offers_expired', actor: null, data: { count: 1, mediatorIds: [ids.amina] } },
      { at: '2026-12-01T08:10:02Z', type: 'unfilled', actor: null, data: { reason: 'no_candidates' } },
    ],
    ...overrides,
  };
}

export function buildCandidates(): Candidates {
  return {
    eligible: [
      {
        mediatorId: ids.amina,
        fullName: 'Amina El Idrissi',
        score: 111_431_352,
        reasons: ['continuity', 'home_district', 'fairness:135', 'level:native'],
      },
    ],
    excluded: [
      { mediatorId: ids.dawit, fullName: 'Dawit Mekonnen', reasons: ['district_not_served', 'outside_availability'] },
      { mediatorId: ids.senait, fullName: 'Senait Tesfay', reasons: ['declined', 'weekly_cap_exceeded'] },
    ],
  };
}

export function buildMediator(overrides: Partial<Mediator> = {}): Mediator {
  return {
    id: ids.mediator,
    fullName: 'Amina El Idrissi',
    email: 'amina@ponte.demo',
    phone: '+39 333 1000000',
    gender: 'female',
    languages: [{ code: 'ar', dialects: ['Marocchino (Darija)'], level: 'native' }],
    districtIds: ['vimercate'],
    homeDistrictId: 'vimercate',
    modes: ['in_person', 'phone'],
    qualifications: ['school'],
    maxWeeklyMinutes: 1800,
    active: true,
    calendarUrl: 'http://localhost:3000/api/mediators/x/calendar.ics?token=secret',
    createdAt: '2026-11-01T08:00:00Z',
    ...overrides,
  };
}

export const languages = [
  { code: 'ar', nameIt: 'Arabo', nameEn: 'Arabic', dialects: ['Marocchino (Darija)', 'Egiziano'] },
  { code: 'ti', nameIt: 'Tigrino', nameEn: 'Tigrinya', dialects: [] },
];

export const districts = [
  { id: 'vimercate', name: 'Vimercate', municipalities: ['Vimercate', 'Arcore'] },
  { id: 'trezzo', name: "Trezzo sull'Adda", municipalities: ["Trezzo sull'Adda"] },
];
