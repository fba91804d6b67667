import type {
  Availability,
  District,
  Language,
  Mediator,
  MediatorAssignment,
  Offer,
  Organization,
  RequestDetail,
} from '@ponte/shared';

/** Test data shaped like the API's answers; each call returns a fresh object to change freely. */

let sequence = 0;
/** A new valid UUID each call, readable in failures (…000000000001, …000000000002). */
export function nextUuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export const ORGANIZATION_ID = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
export const MEDIATOR_ID = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

export function buildOrganization(overrides: Partial<Organization> = {}): Organization {
  return {
    id: ORGANIZATION_ID,
    name: 'IC Don Milani Vimercate',
    kind: 'school',
    municipality: 'Vimercate',
    districtId: 'vimercate',
    address: 'Via Valcamonica 1, Vimercate',
    phone: '039 6080100',
    createdAt: '2026-09-01T08:00:00.000Z',
    ...overrides,
  };
}

export function buildLanguages(): Language[] {
  return [
    { code: 'ar', nameIt: 'Arabo', nameEn: 'Arabic', dialects: ['Marocchino (Darija)', 'Egiziano'] },
    { code: 'sq', nameIt: 'Albanese', nameEn: 'Albanian', dialects: [] },
    { code: 'zh', nameIt: 'Cinese', nameEn: 'Chinese', dialects: ['Mandarino', 'Wenzhouese'] },
  ];
}

export function buildDistricts(): District[] {
  return [
    { id: 'vimercate', name: 'Vimercate', municipalities: ['Arcore', 'Vimercate'] },
    { id: 'trezzo', name: "Trezzo sull'Adda", municipalities: ['Basiano', "Trezzo sull'Adda"] },
  ];
}

export function buildRequestDetail(overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    id: nextUuid(),
    organizationId: ORGANIZATION_ID,
    organizationName: 'IC Don Milani Vimercate',
    serviceType: 'school_welcome',
    languageCode: 'ar',
    dialect: null,
    mode: 'in_person',
    startsAt: '2026-12-01T09:30:00+01:00',
    durationMinutes: 60,
    districtId: 'vimercate',
    municipality: 'Vimercate',
    status: 'searching',
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
    createdAt: '2026-11-27T09:00:00.000Z',
    location: { address: 'Via Valcamonica 1, Vimercate', municipality: 'Vimercate' },
    genderPreference: null,
    genderRequired: false,
    dialectRequired: false,
    subject: null,
    contactName: 'Marco Brambilla',
    contactPhone: '039 6080100',
    notes: null,
    cancelReason: null,
    completion: null,
    confirmation: null,
    dispatch: { tier: 'soon', wave: 1, deadline: null, pendingOffers: 3 },
    timeline: [
      {
        at: '2026-11-27T09:00:00.000Z',
        type: 'created',
        actor: { userId: nextUuid(), name: 'Marco Brambilla', role: 'requester' },
        data: { tier: 'soon' },
      },
      { at: '2026-11-27T09:00:01.000Z', type: 'offers_sent', actor: null, data: { wave: 1, count: 3 } },
    ],
    ...overrides,
  };
}

export function buildOffer(overrides: Partial<Offer> = {}): Offer {
  const requestId = nextUuid();
  return {
    id: nextUuid(),
    status: 'pending',
    expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    createdAt: new Date().toISOString(),
    request: {
      id: requestId,
      serviceType: 'school_welcome',
      languageCode: 'ar',
      dialect: null,
      mode: 'in_person',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      startsAt: '2026-12-01T09:30:00+01:00',
      durationMinutes: 60,
    },
    series: null,
    ...overrides,
  };
}

export function buildAssignment(overrides: Partial<MediatorAssignment> = {}): MediatorAssignment {
  return {
    requestId: nextUuid(),
    startsAt: '2026-12-01T09:30:00+01:00',
    endsAt: '2026-12-01T10:30:00+01:00',
    status: 'active',
    serviceType: 'school_welcome',
    languageCode: 'ar',
    municipality: 'Vimercate',
    mode: 'in_person',
    ...overrides,
  };
}

export function buildMediator(overrides: Partial<Mediator> = {}): Mediator {
  return {
    id: MEDIATOR_ID,
    fullName: 'Amina El Idrissi',
    email: 'mediatrice@ponte.demo',
    phone: '333 1234567',
    gender: 'female',
    languages: [{ code: 'ar', dialects: ['Marocchino (Darija)'], level: 'native' }],
    districtIds: ['vimercate'],
    homeDistrictId: 'vimercate',
    modes: ['in_person', 'phone'],
    qualifications: ['school'],
    maxWeeklyMinutes: 1200,
    active: true,
    calendarUrl: `https://ponte.example/api/mediators/${MEDIATOR_ID}/calendar.ics?token=secret-token`,
    createdAt: '2026-09-01T08:00:00.000Z',
    ...overrides,
  };
}

export function buildAvailability(overrides: Partial<Availability> = {}): Availability {
  return {
    weekly: [
      { weekday: 1, start: '08:00', end: '13:00' },
      { weekday: 3, start: '14:00', end: '18:00' },
    ],
    timeOff: [],
    ...overrides,
  };
}
