import { describe, expect, it } from 'vitest';
import {
  exclusionReasons,
  rankCandidates,
  type ExclusionReason,
  type MatchMediator,
  type MatchRequest,
  type MediatorHistory,
} from './matching.js';
import { toSlotMinutes } from './availability.js';
import {
  DEFAULT_REQUEST_START,
  createMatchMediator,
  createMatchRequest,
  createMediatorHistory,
  minutesAfter,
} from './test-factories.js';

const TRAVEL_BUFFER_MINUTES = 30;

interface Scenario {
  request?: Partial<MatchRequest>;
  mediator?: Partial<MatchMediator>;
  history?: Partial<MediatorHistory>;
}

function exclusionsOf({ request, mediator, history }: Scenario): ExclusionReason[] {
  const candidate = createMatchMediator(mediator);
  const result = rankCandidates({
    request: createMatchRequest(request),
    mediators: [candidate],
    history: new Map(history ? [[candidate.id, createMediatorHistory(history)]] : []),
    travelBufferMinutes: TRAVEL_BUFFER_MINUTES,
  });
  return result.excluded[0]?.reasons ?? [];
}

/** A booking of another request, `offsetMinutes` after the default request's start. */
function booking(offsetMinutes: number, durationMinutes: number, mode: MatchRequest['mode'] = 'in_person') {
  const startsAt = minutesAfter(DEFAULT_REQUEST_START, offsetMinutes);
  return { requestId: 'other-request', startsAt, endsAt: minutesAfter(startsAt, durationMinutes), mode };
}

function timeOffBetween(fromMinute: number, toMinute: number) {
  return {
    startsAt: minutesAfter(DEFAULT_REQUEST_START, fromMinute),
    endsAt: minutesAfter(DEFAULT_REQUEST_START, toMinute),
  };
}

// The default request: Wednesday 10:00–11:00 in Rome, in person, Arabic, school meeting, district-north.
// The default mediator passes every rule; each row changes one thing.
describe('hard rules', () => {
  it.each<{ rule: string; case: string; scenario: Scenario; expected: ExclusionReason[] }>([
    { rule: '1 active', case: 'active', scenario: {}, expected: [] },
    { rule: '1 active', case: 'inactive', scenario: { mediator: { active: false } }, expected: ['inactive'] },
    {
      rule: '1 language',
      case: 'speaks it among others',
      scenario: {
        mediator: {
          languages: [
            { code: 'ti', dialects: [], level: 'native' },
            { code: 'ar', dialects: [], level: 'working' },
          ],
        },
      },
      expected: [],
    },
    {
      rule: '1 language',
      case: 'speaks other languages only',
      scenario: { mediator: { languages: [{ code: 'ti', dialects: [], level: 'native' }] } },
      expected: ['language_not_spoken'],
    },
    {
      rule: '1 language',
      case: 'speaks no language',
      scenario: { mediator: { languages: [] } },
      expected: ['language_not_spoken'],
    },
    {
      rule: '2 district',
      case: 'in person in a district served',
      scenario: { mediator: { districtIds: ['district-south', 'district-north'] } },
      expected: [],
    },
    {
      rule: '2 district',
      case: 'in person in a district not served',
      scenario: { mediator: { districtIds: ['district-south'] } },
      expected: ['district_not_served'],
    },
    {
      rule: '2 district',
      case: 'by phone, any district',
      scenario: { request: { mode: 'phone' }, mediator: { districtIds: ['district-south'] } },
      expected: [],
    },
    {
      rule: '2 district',
      case: 'by video, any district',
      scenario: { request: { mode: 'video' }, mediator: { districtIds: [] } },
      expected: [],
    },
    {
      rule: '2 mode',
      case: 'offers the mode',
      scenario: { request: { mode: 'video' }, mediator: { modes: ['video'] } },
      expected: [],
    },
    {
      rule: '2 mode',
      case: 'does not offer the mode',
      scenario: { request: { mode: 'in_person' }, mediator: { modes: ['phone', 'video'] } },
      expected: ['mode_not_offered'],
    },
    {
      rule: '3 qualification',
      case: 'school service with school',
      scenario: { request: { serviceType: 'language_facilitation' }, mediator: { qualifications: ['school'] } },
      expected: [],
    },
    {
      rule: '3 qualification',
      case: 'school service without school',
      scenario: { request: { serviceType: 'school_welcome' }, mediator: { qualifications: ['social_services'] } },
      expected: ['missing_qualification'],
    },
    {
      rule: '3 qualification',
      case: 'home visit with social services',
      scenario: { request: { serviceType: 'home_visit' }, mediator: { qualifications: ['social_services'] } },
      expected: [],
    },
    {
      rule: '3 qualification',
      case: 'social interview without social services',
      scenario: {
        request: { serviceType: 'social_interview' },
        mediator: { qualifications: ['school', 'parenting_assessment'] },
      },
      expected: ['missing_qualification'],
    },
    {
      rule: '3 qualification',
      case: 'parenting assessment with the accreditation',
      scenario: {
        request: { serviceType: 'parenting_assessment' },
        mediator: { qualifications: ['parenting_assessment'] },
      },
      expected: [],
    },
    {
      rule: '3 qualification',
      case: 'parenting assessment with social services only',
      scenario: { request: { serviceType: 'parenting_assessment' }, mediator: { qualifications: ['social_services'] } },
      expected: ['missing_qualification'],
    },
    {
      rule: '4 availability',
      case: 'ending exactly when the slot ends (17:00–18:00)',
      scenario: { request: { startsAt: minutesAfter(DEFAULT_REQUEST_START, 7 * 60) } },
      expected: [],
    },
    {
      rule: '4 availability',
      case: 'running past the slot (17:30–18:30)',
      scenario: { request: { startsAt: minutesAfter(DEFAULT_REQUEST_START, 7 * 60 + 30) } },
      expected: ['outside_availability'],
    },
    {
      rule: '4 availability',
      case: 'on a weekday without slots',
      scenario: { mediator: { weekly: toSlotMinutes([{ weekday: 1, start: '00:00', end: '24:00' }]) } },
      expected: ['outside_availability'],
    },
    {
      rule: '4 time off',
      case: 'time off ending at the start',
      scenario: { mediator: { timeOff: [timeOffBetween(-600, 0)] } },
      expected: [],
    },
    {
      rule: '4 time off',
      case: 'time off during the request',
      scenario: { mediator: { timeOff: [timeOffBetween(59, 600)] } },
      expected: ['time_off'],
    },
    {
      rule: '5 overlap',
      case: 'in person booking ending a full travel buffer before',
      scenario: { history: { assignments: [booking(-90, 60)] } },
      expected: [],
    },
    {
      rule: '5 overlap',
      case: 'in person booking ending inside the travel buffer',
      scenario: { history: { assignments: [booking(-89, 60)] } },
      expected: ['already_booked'],
    },
    {
      rule: '5 overlap',
      case: 'phone booking ending at the start',
      scenario: { history: { assignments: [booking(-60, 60, 'phone')] } },
      expected: [],
    },
    {
      rule: '5 overlap',
      case: 'phone booking ending a minute after the start',
      scenario: { history: { assignments: [booking(-59, 60, 'phone')] } },
      expected: ['already_booked'],
    },
    {
      rule: '5 overlap',
      case: 'booking right after an in-person request, past its buffer',
      scenario: { history: { assignments: [booking(90, 60, 'video')] } },
      expected: [],
    },
    {
      rule: '5 overlap',
      case: 'booking inside the travel buffer of an in-person request',
      scenario: { history: { assignments: [booking(89, 60, 'video')] } },
      expected: ['already_booked'],
    },
    {
      rule: '5 overlap',
      case: 'booking right at the end of a phone request',
      scenario: { request: { mode: 'phone' }, history: { assignments: [booking(60, 60, 'phone')] } },
      expected: [],
    },
    {
      rule: '5 overlap',
      case: 'the booking of this very request',
      scenario: { history: { assignments: [{ ...booking(0, 60), requestId: 'request-1' }] } },
      expected: [],
    },
    {
      rule: '6 weekly cap',
      case: 'reaching the cap exactly',
      scenario: { history: { bookedMinutesInWeek: 2340 } },
      expected: [],
    },
    {
      rule: '6 weekly cap',
      case: 'a minute over the cap',
      scenario: { history: { bookedMinutesInWeek: 2341 } },
      expected: ['weekly_cap_exceeded'],
    },
    {
      rule: '6 weekly cap',
      case: 'a cap of zero',
      scenario: { mediator: { maxWeeklyMinutes: 0 } },
      expected: ['weekly_cap_exceeded'],
    },
    {
      rule: '7 gender',
      case: 'required and matching',
      scenario: { request: { genderPreference: 'female', genderRequired: true } },
      expected: [],
    },
    {
      rule: '7 gender',
      case: 'required and different',
      scenario: { request: { genderPreference: 'female', genderRequired: true }, mediator: { gender: 'male' } },
      expected: ['gender_mismatch'],
    },
    {
      rule: '7 gender',
      case: 'required and not stated by the mediator',
      scenario: { request: { genderPreference: 'male', genderRequired: true }, mediator: { gender: null } },
      expected: ['gender_mismatch'],
    },
    {
      rule: '7 gender',
      case: 'only preferred and different',
      scenario: { request: { genderPreference: 'male', genderRequired: false } },
      expected: [],
    },
    {
      rule: '7 dialect',
      case: 'required and matching, ignoring case and spaces',
      scenario: { request: { dialect: ' moroccan ARABIC', dialectRequired: true } },
      expected: [],
    },
    {
      rule: '7 dialect',
      case: 'required and not spoken',
      scenario: { request: { dialect: 'Egyptian Arabic', dialectRequired: true } },
      expected: ['dialect_mismatch'],
    },
    {
      rule: '7 dialect',
      case: 'required, spoken but for another language',
      scenario: {
        request: { dialect: 'Egyptian Arabic', dialectRequired: true },
        mediator: {
          languages: [
            { code: 'ar', dialects: [], level: 'fluent' },
            { code: 'ti', dialects: ['Egyptian Arabic'], level: 'fluent' },
          ],
        },
      },
      expected: ['dialect_mismatch'],
    },
    {
      rule: '7 dialect',
      case: 'required without a dialect named',
      scenario: { request: { dialect: null, dialectRequired: true } },
      expected: [],
    },
    {
      rule: '7 dialect',
      case: 'only preferred and not spoken',
      scenario: { request: { dialect: 'Egyptian Arabic', dialectRequired: false } },
      expected: [],
    },
    { rule: '8 refusal', case: 'never refused', scenario: { history: { refusedThisRequest: null } }, expected: [] },
    {
      rule: '8 refusal',
      case: 'declined',
      scenario: { history: { refusedThisRequest: 'declined' } },
      expected: ['declined'],
    },
    {
      rule: '8 refusal',
      case: 'let the offer expire',
      scenario: { history: { refusedThisRequest: 'expired' } },
      expected: ['let_expire'],
    },
    {
      rule: '8 refusal',
      case: 'withdrew',
      scenario: { history: { refusedThisRequest: 'withdrawn' } },
      expected: ['withdrew'],
    },
    {
      rule: 'case exclusion',
      case: 'excluded from the case',
      scenario: { request: { caseRef: 'TM-2026-014' }, history: { excludedFromCase: true } },
      expected: ['case_excluded'],
    },
    {
      rule: 'case exclusion',
      case: 'not excluded',
      scenario: { request: { caseRef: 'TM-2026-014' }, history: { excludedFromCase: false } },
      expected: [],
    },
    {
      rule: 'case exclusion',
      case: 'excluded, and declined too: both said',
      scenario: { history: { refusedThisRequest: 'declined', excludedFromCase: true } },
      expected: ['declined', 'case_excluded'],
    },
  ])('rule $rule: $case → $expected', ({ scenario, expected }) => {
    expect(exclusionsOf(scenario)).toEqual(expected);
  });

  it('lists every rule an excluded mediator fails, in rule order', () => {
    const reasons = exclusionsOf({
      request: {
        serviceType: 'parenting_assessment',
        genderPreference: 'female',
        genderRequired: true,
        dialect: 'Moroccan Arabic',
        dialectRequired: true,
      },
      mediator: {
        active: false,
        gender: 'male',
        languages: [{ code: 'ti', dialects: [], level: 'native' }],
        districtIds: [],
        modes: ['phone'],
        qualifications: ['school'],
        maxWeeklyMinutes: 30,
        weekly: [],
        timeOff: [timeOffBetween(0, 60)],
      },
      history: { assignments: [booking(0, 60)], refusedThisRequest: 'declined' },
    });
    expect(reasons).toEqual([
      'inactive',
      'language_not_spoken',
      'district_not_served',
      'mode_not_offered',
      'missing_qualification',
      'outside_availability',
      'time_off',
      'already_booked',
      'weekly_cap_exceeded',
      'gender_mismatch',
      'dialect_mismatch',
      'declined',
    ]);
    expect(exclusionReasons).toEqual(expect.arrayContaining(reasons));
  });

  it('reads a mediator without history as one with none', () => {
    const mediator = createMatchMediator();
    const result = rankCandidates({
      request: createMatchRequest(),
      mediators: [mediator],
      history: new Map(),
      travelBufferMinutes: TRAVEL_BUFFER_MINUTES,
    });
    expect(result.eligible).toEqual([
      {
        mediatorId: mediator.id,
        fullName: mediator.fullName,
        score: expect.any(Number),
        reasons: ['fairness:0', 'level:fluent'],
      },
    ]);
    expect(result.excluded).toEqual([]);
  });

  it('checks availability on local time across the October switch', () => {
    // Sunday 31 October 2027, 01:30 CEST for 90 minutes: works until 03:00 CEST, which is 02:00 CET.
    const request = { startsAt: new Date('2027-10-30T23:30:00Z'), durationMinutes: 90, mode: 'phone' as const };
    const slot = (end: string) => ({ weekly: toSlotMinutes([{ weekday: 7, start: '01:00', end }]) });
    expect(exclusionsOf({ request, mediator: slot('03:00') })).toEqual([]);
    expect(exclusionsOf({ request, mediator: slot('02:30') })).toEqual(['outside_availability']);
  });
});

describe('ranking', () => {
  const rank = (
    request: Partial<MatchRequest>,
    mediators: MatchMediator[],
    histories: Record<string, Partial<MediatorHistory>> = {},
  ) =>
    rankCandidates({
      request: createMatchRequest(request),
      mediators,
      history: new Map(Object.entries(histories).map(([id, history]) => [id, createMediatorHistory(history)])),
      travelBufferMinutes: TRAVEL_BUFFER_MINUTES,
    });

  // The "ahead" mediator has the ranking part; "behind" has everything below it stacked in its favour.
  it.each<{
    part: string;
    request: Partial<MatchRequest>;
    ahead: Partial<MatchMediator>;
    behind: Partial<MatchMediator>;
    aheadHistory: Partial<MediatorHistory>;
    behindHistory: Partial<MediatorHistory>;
    aheadReasons: string[];
  }>([
    {
      part: 'continuity beats both preferences, home district, fairness and level',
      request: { caseRef: 'family-17', genderPreference: 'female', dialect: 'Moroccan Arabic' },
      ahead: { gender: 'male', languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      behind: {
        homeDistrictId: 'district-north',
        languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'native' }],
      },
      aheadHistory: { servedCaseRefs: ['family-17'], minutesDeliveredLast30Days: 40_000 },
      behindHistory: { servedCaseRefs: ['family-3'] },
      aheadReasons: ['continuity', 'fairness:40000', 'level:working'],
    },
    {
      part: "among the case's mediators, whoever was booked most recently beats preferences and all below",
      request: { caseRef: 'family-17', genderPreference: 'female', dialect: 'Moroccan Arabic' },
      ahead: { gender: 'male', languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      behind: {
        homeDistrictId: 'district-north',
        languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'native' }],
      },
      aheadHistory: { servedCaseRefs: ['family-17'], lastBookedForCase: true, minutesDeliveredLast30Days: 40_000 },
      behindHistory: { servedCaseRefs: ['family-17'] },
      aheadReasons: ['continuity', 'fairness:40000', 'level:working'],
    },
    {
      part: 'preferred gender beats home district, fairness and level',
      request: { genderPreference: 'female' },
      ahead: { languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      behind: {
        gender: 'male',
        homeDistrictId: 'district-north',
        languages: [{ code: 'ar', dialects: [], level: 'native' }],
      },
      aheadHistory: { minutesDeliveredLast30Days: 40_000 },
      behindHistory: {},
      aheadReasons: ['preferred_gender', 'fairness:40000', 'level:working'],
    },
    {
      part: 'preferred dialect beats home district, fairness and level',
      request: { dialect: 'moroccan arabic' },
      ahead: { languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'working' }] },
      behind: {
        homeDistrictId: 'district-north',
        languages: [{ code: 'ar', dialects: ['Egyptian Arabic'], level: 'native' }],
      },
      aheadHistory: { minutesDeliveredLast30Days: 40_000 },
      behindHistory: {},
      aheadReasons: ['preferred_dialect', 'fairness:40000', 'level:working'],
    },
    {
      part: 'both preferences beat one',
      request: { genderPreference: 'male', dialect: 'Moroccan Arabic' },
      ahead: { gender: 'male', languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'working' }] },
      behind: {
        gender: 'male',
        homeDistrictId: 'district-north',
        languages: [{ code: 'ar', dialects: [], level: 'native' }],
      },
      aheadHistory: { minutesDeliveredLast30Days: 40_000 },
      behindHistory: {},
      aheadReasons: ['preferred_gender', 'preferred_dialect', 'fairness:40000', 'level:working'],
    },
    {
      part: 'home district beats fairness and level',
      request: {},
      ahead: { homeDistrictId: 'district-north', languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      behind: { homeDistrictId: 'district-south', languages: [{ code: 'ar', dialects: [], level: 'native' }] },
      aheadHistory: { minutesDeliveredLast30Days: 40_000 },
      behindHistory: {},
      aheadReasons: ['home_district', 'fairness:40000', 'level:working'],
    },
    {
      part: 'one minute less delivered beats a better level',
      request: {},
      ahead: { languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      behind: { languages: [{ code: 'ar', dialects: [], level: 'native' }] },
      aheadHistory: { minutesDeliveredLast30Days: 599 },
      behindHistory: { minutesDeliveredLast30Days: 600 },
      aheadReasons: ['fairness:599', 'level:working'],
    },
    {
      part: 'native beats fluent when all else is equal',
      request: {},
      ahead: { languages: [{ code: 'ar', dialects: [], level: 'native' }] },
      behind: { languages: [{ code: 'ar', dialects: [], level: 'fluent' }] },
      aheadHistory: {},
      behindHistory: {},
      aheadReasons: ['fairness:0', 'level:native'],
    },
    {
      part: 'fluent beats working when all else is equal',
      request: {},
      ahead: { languages: [{ code: 'ar', dialects: [], level: 'fluent' }] },
      behind: { languages: [{ code: 'ar', dialects: [], level: 'working' }] },
      aheadHistory: {},
      behindHistory: {},
      aheadReasons: ['fairness:0', 'level:fluent'],
    },
  ])('$part', ({ request, ahead, behind, aheadHistory, behindHistory, aheadReasons }) => {
    // "behind" gets the smaller id so that a tie would put it first.
    const mediators = [
      createMatchMediator({ ...ahead, id: 'mediator-b', fullName: 'Ahead' }),
      createMatchMediator({ ...behind, id: 'mediator-a', fullName: 'Behind' }),
    ];
    const result = rank(request, mediators, { 'mediator-b': aheadHistory, 'mediator-a': behindHistory });
    expect(result.excluded).toEqual([]);
    expect(result.eligible.map((candidate) => candidate.mediatorId)).toEqual(['mediator-b', 'mediator-a']);
    expect(result.eligible[0]?.reasons).toEqual(aheadReasons);
    expect(result.eligible[0]?.score).toBeGreaterThan(result.eligible[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it('shows every ranking part that applied, in tier order', () => {
    const result = rank(
      { caseRef: 'family-17', genderPreference: 'female', dialect: 'Moroccan Arabic' },
      [
        createMatchMediator({
          homeDistrictId: 'district-north',
          languages: [{ code: 'ar', dialects: ['Moroccan Arabic'], level: 'native' }],
        }),
      ],
      { 'mediator-1': { servedCaseRefs: ['family-17'], minutesDeliveredLast30Days: 120 } },
    );
    expect(result.eligible[0]?.reasons).toEqual([
      'continuity',
      'preferred_gender',
      'preferred_dialect',
      'home_district',
      'fairness:120',
      'level:native',
    ]);
  });

  it('gives no bonus for a wish marked required, since every eligible mediator meets it', () => {
    const result = rank(
      { genderPreference: 'female', genderRequired: true, dialect: 'Moroccan Arabic', dialectRequired: true },
      [createMatchMediator()],
    );
    expect(result.eligible[0]?.reasons).toEqual(['fairness:0', 'level:fluent']);
  });

  it('breaks a tie by id', () => {
    const result = rank({}, [
      createMatchMediator({ id: 'mediator-c' }),
      createMatchMediator({ id: 'mediator-a' }),
      createMatchMediator({ id: 'mediator-b' }),
    ]);
    expect(result.eligible.map((candidate) => candidate.mediatorId)).toEqual([
      'mediator-a',
      'mediator-b',
      'mediator-c',
    ]);
    expect(new Set(result.eligible.map((candidate) => candidate.score)).size).toBe(1);
  });

  it('ranks fairer the mediator who delivered less, in order', () => {
    const result = rank(
      {},
      ['m1', 'm2', 'm3'].map((id) => createMatchMediator({ id })),
      {
        m1: { minutesDeliveredLast30Days: 900 },
        m2: { minutesDeliveredLast30Days: 60 },
        m3: { minutesDeliveredLast30Days: 300 },
      },
    );
    expect(result.eligible.map((candidate) => candidate.mediatorId)).toEqual(['m2', 'm3', 'm1']);
  });

  it('lists the excluded by id', () => {
    const result = rank({}, [
      createMatchMediator({ id: 'z', active: false }),
      createMatchMediator({ id: 'a', active: false }),
    ]);
    expect(result.excluded.map((candidate) => candidate.mediatorId)).toEqual(['a', 'z']);
  });

  it('ranks 10,000 mediators quickly', () => {
    const mediators = Array.from({ length: 10_000 }, (_, index) =>
      createMatchMediator({
        id: `mediator-${String(index).padStart(5, '0')}`,
        active: index % 50 !== 0,
        gender: index % 2 === 0 ? 'female' : 'male',
        homeDistrictId: index % 3 === 0 ? 'district-north' : 'district-south',
        languages: [
          {
            code: 'ar',
            dialects: index % 4 === 0 ? ['Moroccan Arabic'] : [],
            level: index % 5 === 0 ? 'native' : 'fluent',
          },
          { code: 'fr', dialects: [], level: 'working' },
        ],
        weekly: toSlotMinutes([
          { weekday: 1, start: '08:00', end: '13:00' },
          { weekday: 3, start: '08:00', end: '10:30' },
          { weekday: 3, start: '10:30', end: '14:00' },
          { weekday: 5, start: '14:00', end: '18:00' },
        ]),
        timeOff: index % 7 === 0 ? [timeOffBetween(1440, 2880)] : [],
      }),
    );
    const history = new Map(
      mediators.map((mediator, index) => [
        mediator.id,
        createMediatorHistory({
          assignments: [booking(-240 + (index % 11) * 15, 60), booking(1440, 60)],
          bookedMinutesInWeek: (index * 37) % 2400,
          minutesDeliveredLast30Days: (index * 53) % 5000,
          servedCaseRefs: index % 97 === 0 ? ['family-17'] : [],
        }),
      ]),
    );
    const input = {
      request: createMatchRequest({ caseRef: 'family-17', genderPreference: 'female', dialect: 'Moroccan Arabic' }),
      mediators,
      history,
      travelBufferMinutes: TRAVEL_BUFFER_MINUTES,
    };
    // Speed is measured by `pnpm bench`, not here: this only proves a full roster is classified.
    const result = rankCandidates(input);
    expect(result.eligible.length + result.excluded.length).toBe(10_000);
    expect(result.eligible.length).toBeGreaterThan(0);
    expect(result.excluded.length).toBeGreaterThan(0);
  });
});
