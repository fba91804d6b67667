import { randomUUID } from 'node:crypto';
import type { OrganizationKind, ReportGroupBy, ServiceType } from '@ponte/shared';
import { serviceTypesByKind } from '@ponte/shared';
import type { Database } from '../../src/db/client.js';
import districtsFile from '../../src/db/reference-data/districts.json' with { type: 'json' };
import languagesFile from '../../src/db/reference-data/languages.json' with { type: 'json' };
import { assignments, offers, requestEvents, requests } from '../../src/db/schema/index.js';
import { createMediator, createOrganization, type MediatorOptions } from './factories.js';

/*
 * A season of requests with known outcomes, written straight into the tables (no dispatch), and the
 * figures the reports must show for it, computed here in plain TypeScript from the season's own list.
 * Nothing below reads the database back or shares code with the reports: if both agree, both are right.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The season's period as a coordinator asks for it: January to June 2027, Europe/Rome. */
export const SEASON = { from: '2027-01-01', to: '2027-07-01' } as const;
/** The same bounds as instants: midnight in Rome is 23:00 UTC the day before in winter, 22:00 in summer. */
export const SEASON_INSTANTS = {
  from: new Date('2026-12-31T23:00:00Z'),
  to: new Date('2027-06-30T22:00:00Z'),
} as const;

type FinalStatus = 'searching' | 'assigned' | 'completed' | 'cancelled' | 'unfilled' | 'expired';
type OfferAnswer = 'accepted' | 'declined' | 'expired' | 'withdrawn';
type AssignmentEnd = 'active' | 'completed' | 'cancelled' | 'withdrawn';

export interface SeasonRequest {
  id: string;
  organizationId: string;
  kind: OrganizationKind;
  serviceType: ServiceType;
  languageCode: string;
  districtId: string;
  startsAt: Date;
  createdAt: Date;
  durationMinutes: number;
  status: FinalStatus;
  /** Set when the request has a mediator (assigned, completed, cancelled after assignment). */
  assignedMediatorId: string | null;
  /** Whole minutes from creation to assignment; null when it has no mediator. */
  minutesToAssign: number | null;
  lateCancellation: boolean;
  actualMinutes: number | null;
  confirmed: boolean | null;
  /** It became unfilled at some point. */
  everUnfilled: boolean;
  /** An 'unfilled' event is written for it (all but one: a status alone must be enough). */
  unfilledEvent: boolean;
  offers: { mediatorId: string; answer: OfferAnswer }[];
  /** Bookings, in order; a withdrawn one no longer counts as an assignment. */
  bookings: { mediatorId: string; status: AssignmentEnd }[];
  /** For an unfilled request: the reasons the gap report must count for it, by design of the roster. */
  expectedReasons: string[];
  /** Stored on the 'unfilled' event as dispatch's matching snapshot: speakers, and speakers excluded per reason. */
  storedMatching?: { speakers: number; reasons: Record<string, number> };
}

export interface SeasonMediator {
  id: string;
  fullName: string;
  active: boolean;
}

export interface ExpectedFigures {
  requests: number;
  assigned: number;
  unfilled: number;
  cancelled: number;
  lateCancelled: number;
  completed: number;
  minutesDelivered: number;
  medianMinutesToAssign: number | null;
  p90MinutesToAssign: number | null;
}

export interface Period {
  from: Date;
  to: Date;
}

export const districtNames: Record<string, string> = Object.fromEntries(
  districtsFile.districts.map((district) => [district.id, district.name]),
);
export const languageNames: Record<string, string> = Object.fromEntries(
  languagesFile.languages.map((language) => [language.code, language.nameIt]),
);

// ——— Expected figures, by hand ———

const romeMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' });

/** `YYYY-MM` of an instant on the Rome wall clock. */
export function monthInRome(instant: Date): string {
  const parts = romeMonth.formatToParts(instant);
  return `${parts.find((part) => part.type === 'year')?.value}-${parts.find((part) => part.type === 'month')?.value}`;
}

export function groupKey(request: SeasonRequest, groupBy: ReportGroupBy): string {
  switch (groupBy) {
    case 'district':
      return request.districtId;
    case 'language':
      return request.languageCode;
    case 'organizationKind':
      return request.kind;
    case 'serviceType':
      return request.serviceType;
    case 'month':
      return monthInRome(request.startsAt);
  }
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
function continuousPercentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((first, second) => first - second);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}

/** round(x::numeric, 1) in PostgreSQL: 15 significant digits, then half away from zero (shifting in decimal, not by a binary ×10). */
function roundToTenth(value: number | null): number | null {
  if (value === null) return null;
  const shifted = Math.round(Math.abs(Number(`${value.toPrecision(15)}e1`)));
  return Math.sign(value) * Number(`${shifted}e-1`);
}

export function figuresOf(list: SeasonRequest[]): ExpectedFigures {
  const waits = list.flatMap((request) => (request.minutesToAssign === null ? [] : [request.minutesToAssign]));
  return {
    requests: list.length,
    assigned: list.filter((request) => request.assignedMediatorId !== null).length,
    unfilled: list.filter((request) => request.everUnfilled).length,
    cancelled: list.filter((request) => request.status === 'cancelled').length,
    lateCancelled: list.filter((request) => request.status === 'cancelled' && request.lateCancellation).length,
    completed: list.filter((request) => request.status === 'completed').length,
    minutesDelivered: list.reduce(
      (sum, request) =>
        sum + (request.status === 'completed' && request.confirmed === true ? (request.actualMinutes ?? 0) : 0),
      0,
    ),
    medianMinutesToAssign: roundToTenth(continuousPercentile(waits, 0.5)),
    p90MinutesToAssign: roundToTenth(continuousPercentile(waits, 0.9)),
  };
}

const inPeriod = (period: Period) => (request: SeasonRequest) =>
  request.startsAt >= period.from && request.startsAt < period.to;
const byCodeUnits = (first: string, second: string) => (first < second ? -1 : first > second ? 1 : 0);

export function expectedSummary(season: SeasonRequest[], groupBy: ReportGroupBy, period: Period) {
  const chosen = season.filter(inPeriod(period));
  const groups = new Map<string, SeasonRequest[]>();
  for (const request of chosen) {
    const key = groupKey(request, groupBy);
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  const rows = [...groups.entries()]
    .sort(([first], [second]) => byCodeUnits(first, second))
    .map(([key, list]) => ({ key, ...figuresOf(list) }));
  return { rows, totals: figuresOf(chosen) };
}

export function expectedGaps(season: SeasonRequest[], period: Period) {
  const groups = new Map<
    string,
    { languageCode: string; districtId: string; unfilled: number; counts: Map<string, number> }
  >();
  for (const request of season.filter(inPeriod(period)).filter((entry) => entry.everUnfilled)) {
    const key = `${request.languageCode}/${request.districtId}`;
    const group = groups.get(key) ?? {
      languageCode: request.languageCode,
      districtId: request.districtId,
      unfilled: 0,
      counts: new Map<string, number>(),
    };
    group.unfilled += 1;
    for (const reason of request.expectedReasons) group.counts.set(reason, (group.counts.get(reason) ?? 0) + 1);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({
      languageCode: group.languageCode,
      districtId: group.districtId,
      unfilled: group.unfilled,
      // The season has no remote fallbacks (remote-fallback.test.ts counts them).
      remoteFallbacks: 0,
      topExclusionReasons: [...group.counts.entries()]
        .map(([reason, count]) => ({ reason, count }))
        .sort((first, second) => second.count - first.count || byCodeUnits(first.reason, second.reason))
        .slice(0, 5),
    }))
    .sort(
      (first, second) =>
        second.unfilled - first.unfilled ||
        byCodeUnits(first.languageCode, second.languageCode) ||
        byCodeUnits(first.districtId, second.districtId),
    );
}

/** The textbook Gini, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean) — a different formula from the one the API uses. */
export function giniByDefinition(values: number[]): number {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (values.length === 0 || total === 0) return 0;
  let differences = 0;
  for (const first of values) for (const second of values) differences += Math.abs(first - second);
  return differences / (2 * values.length * total);
}

export function expectedFairness(season: SeasonRequest[], mediators: SeasonMediator[], period: Period) {
  const chosen = season.filter(inPeriod(period));
  const rows = mediators
    .filter((mediator) => mediator.active)
    .map((mediator) => ({
      mediatorId: mediator.id,
      fullName: mediator.fullName,
      minutesOffered: chosen.reduce(
        (sum, request) =>
          sum + (request.offers.some((offer) => offer.mediatorId === mediator.id) ? request.durationMinutes : 0),
        0,
      ),
      minutesDelivered: chosen.reduce(
        (sum, request) =>
          sum +
          (request.status === 'completed' && request.confirmed === true && request.assignedMediatorId === mediator.id
            ? (request.actualMinutes ?? 0)
            : 0),
        0,
      ),
    }));
  return { mediators: rows, gini: giniByDefinition(rows.map((row) => row.minutesDelivered)) };
}

// ——— The season ———

interface Draft {
  organization: { id: string; kind: OrganizationKind; districtId: string };
  serviceType?: ServiceType;
  languageCode: string;
  startsAt: Date;
  durationMinutes?: number;
  leadMinutes?: number;
  status: FinalStatus;
  assignedMediatorId?: string | null;
  minutesToAssign?: number | null;
  lateCancellation?: boolean;
  actualMinutes?: number | null;
  confirmed?: boolean | null;
  everUnfilled?: boolean;
  withoutUnfilledEvent?: boolean;
  offers?: SeasonRequest['offers'];
  bookings?: SeasonRequest['bookings'];
  expectedReasons?: string[];
  storedMatching?: SeasonRequest['storedMatching'];
}

function draftToRequest(draft: Draft): SeasonRequest {
  const durationMinutes = draft.durationMinutes ?? 60;
  return {
    id: randomUUID(),
    organizationId: draft.organization.id,
    kind: draft.organization.kind,
    serviceType: draft.serviceType ?? serviceTypesByKind[draft.organization.kind][0],
    languageCode: draft.languageCode,
    districtId: draft.organization.districtId,
    startsAt: draft.startsAt,
    createdAt: new Date(draft.startsAt.getTime() - (draft.leadMinutes ?? 2 * 24 * 60) * MINUTE),
    durationMinutes,
    status: draft.status,
    assignedMediatorId: draft.assignedMediatorId ?? null,
    minutesToAssign: draft.minutesToAssign ?? null,
    lateCancellation: draft.lateCancellation ?? false,
    actualMinutes: draft.actualMinutes ?? null,
    confirmed: draft.confirmed ?? null,
    everUnfilled: draft.everUnfilled ?? false,
    unfilledEvent: (draft.everUnfilled ?? false) && !draft.withoutUnfilledEvent,
    offers: draft.offers ?? [],
    bookings: draft.bookings ?? [],
    expectedReasons: draft.expectedReasons ?? [],
    ...(draft.storedMatching ? { storedMatching: draft.storedMatching } : {}),
  };
}

/** The outcomes the regular requests cycle through; `variant % 9` picks one. */
function regularOutcome(
  variant: number,
  assignee: string,
  others: [string, string],
): Omit<Draft, 'organization' | 'languageCode' | 'startsAt'> {
  const minutesToAssign = ((variant * 37) % 240) + 1;
  const durationMinutes = 60 + 30 * (variant % 4);
  const offered: SeasonRequest['offers'] =
    variant % 2 === 0
      ? [
          { mediatorId: assignee, answer: 'accepted' },
          { mediatorId: others[0], answer: 'declined' },
          { mediatorId: others[1], answer: 'expired' },
        ]
      : [{ mediatorId: assignee, answer: 'accepted' }];
  const booked = (status: AssignmentEnd) => ({
    assignedMediatorId: assignee,
    minutesToAssign,
    offers: offered,
    bookings: [{ mediatorId: assignee, status }],
  });
  switch (variant % 9) {
    case 0:
      return {
        durationMinutes,
        status: 'completed',
        ...booked('completed'),
        actualMinutes: durationMinutes - 5 * (variant % 3),
        confirmed: true,
      };
    case 1:
      return {
        durationMinutes,
        status: 'completed',
        ...booked('completed'),
        actualMinutes: durationMinutes + 15,
        confirmed: false,
      };
    case 2:
      return {
        durationMinutes,
        status: 'completed',
        ...booked('completed'),
        actualMinutes: durationMinutes,
        confirmed: null,
      };
    case 3:
      return { durationMinutes, status: 'assigned', ...booked('active') };
    case 4:
      // Cancelled while still searching: offered, never assigned.
      return { durationMinutes, status: 'cancelled', offers: [{ mediatorId: others[0], answer: 'withdrawn' }] };
    case 5:
      return { durationMinutes, status: 'cancelled', ...booked('cancelled'), lateCancellation: true };
    case 6:
      // The family did not come; the half hour waited is confirmed and paid.
      return { durationMinutes, status: 'completed', ...booked('completed'), actualMinutes: 30, confirmed: true };
    case 7:
      return { durationMinutes, status: 'cancelled', ...booked('cancelled'), lateCancellation: false };
    default:
      // Nobody answered in time and the start passed while searching (no 'unfilled' on the way).
      return { durationMinutes, status: 'expired', offers: [{ mediatorId: assignee, answer: 'expired' }] };
  }
}

/**
 * Writes the season into the database. The roster is built so that every unfilled request has reasons
 * known in advance:
 * - Tigrinya: two active speakers and an inactive one, all serving Vimercate only — so Tigrinya in
 *   Trezzo is "district not served" three times per request, and "inactive" once;
 * - Bambara: nobody speaks it; Somali: nobody either, but dispatch stored a snapshot on the event;
 * - Urdu: one speaker without the social-services qualification, one who declined.
 */
export async function createSeason(db: Database) {
  const mediators: SeasonMediator[] = [];
  const hire = async (fullName: string, options: MediatorOptions) => {
    const row = await createMediator(db, { fullName, ...options });
    mediators.push({ id: row.id, fullName: row.fullName, active: row.active });
    return row.id;
  };
  const poolLanguages = ['ar', 'sq', 'ro', 'zh'];
  const pool: string[] = [];
  for (const name of ['Amal Haddad', 'Besnik Hoxha', 'Chen Wei', 'Dana Popescu', 'Elira Kola', 'Farid Mansour']) {
    pool.push(
      await hire(name, { languages: poolLanguages, districtIds: ['vimercate', 'trezzo', 'seregno', 'carate'] }),
    );
  }
  const idle = await hire('Giulia Idle', { languages: ['ar'] });
  const retired = await hire('Hassan Retired', { languages: ['ar'], active: false });
  const tigrinya = [
    await hire('Tesfay Active', { languages: ['ti'], districtIds: ['vimercate'] }),
    await hire('Tsega Active', { languages: ['ti'], districtIds: ['vimercate'] }),
    await hire('Tekle Inactive', { languages: ['ti'], districtIds: ['vimercate'], active: false }),
  ] as const;
  const urdu = [
    await hire('Usman School-only', { languages: ['ur'], districtIds: ['vimercate'], qualifications: ['school'] }),
    await hire('Umar Decliner', { languages: ['ur'], districtIds: ['vimercate'] }),
  ] as const;

  const organization = async (kind: OrganizationKind, districtId: string) => {
    const row = await createOrganization(db, {
      kind,
      districtId,
      municipality: districtNames[districtId] ?? districtId,
      name: `${kind} ${districtId}`,
    });
    return { id: row.id, kind, districtId };
  };
  const organizations = [
    await organization('school', 'vimercate'),
    await organization('school', 'trezzo'),
    await organization('school', 'seregno'),
    await organization('social_service', 'vimercate'),
    await organization('social_service', 'carate'),
    await organization('social_service', 'trezzo'),
  ] as const;
  const [schoolVimercate, schoolTrezzo, schoolSeregno, socialVimercate, , socialTrezzo] = organizations;

  const drafts: Draft[] = [];

  // Regular requests: pool languages, every organization, every month, the outcomes cycling.
  const REGULAR = 96;
  for (let index = 0; index < REGULAR; index += 1) {
    const org = organizations[index % organizations.length]!;
    const dayOffset = Math.floor((index * 180) / REGULAR) + 1;
    const assignee = pool[(index * 5) % pool.length]!;
    const others: [string, string] = [pool[(index * 5 + 1) % pool.length]!, pool[(index * 5 + 2) % pool.length]!];
    drafts.push({
      organization: org,
      serviceType: serviceTypesByKind[org.kind][Math.floor(index / organizations.length) % 3]!,
      languageCode: poolLanguages[Math.floor(index / 3) % poolLanguages.length]!,
      // 08:00–15:00 UTC on day `dayOffset` of 2027: always the same day in Rome, never overlapping another.
      startsAt: new Date(Date.UTC(2027, 0, 1, 8 + (index % 8)) + dayOffset * DAY),
      leadMinutes: 24 * 60 + index * 13,
      // Shifted every round of organizations, so each organization and service meets every outcome.
      ...regularOutcome(index + Math.floor(index / organizations.length), assignee, others),
    });
  }

  // The edges of the period and of a month, on the Rome wall clock.
  drafts.push(
    // 1 January 2027, 00:00 in Rome: the first instant of the season.
    {
      organization: schoolVimercate,
      languageCode: 'ar',
      startsAt: SEASON_INSTANTS.from,
      status: 'completed',
      assignedMediatorId: pool[0]!,
      minutesToAssign: 12,
      actualMinutes: 45,
      confirmed: true,
      bookings: [{ mediatorId: pool[0]!, status: 'completed' }],
      offers: [{ mediatorId: pool[0]!, answer: 'accepted' }],
    },
    // 31 December 2026, 23:30 in Rome: before the season.
    {
      organization: schoolVimercate,
      languageCode: 'ar',
      startsAt: new Date('2026-12-31T22:30:00Z'),
      status: 'completed',
      assignedMediatorId: pool[1]!,
      minutesToAssign: 500,
      actualMinutes: 400,
      confirmed: true,
      bookings: [{ mediatorId: pool[1]!, status: 'completed' }],
      offers: [{ mediatorId: pool[1]!, answer: 'accepted' }],
    },
    // 1 April 2027, 00:30 in Rome (still 31 March in UTC): an April request.
    {
      organization: socialVimercate,
      serviceType: 'home_visit',
      languageCode: 'sq',
      startsAt: new Date('2027-03-31T22:30:00Z'),
      status: 'completed',
      assignedMediatorId: pool[2]!,
      minutesToAssign: 3,
      actualMinutes: 90,
      confirmed: true,
      bookings: [{ mediatorId: pool[2]!, status: 'completed' }],
      offers: [{ mediatorId: pool[2]!, answer: 'accepted' }],
    },
    // 1 July 2027, 00:00 in Rome: the first instant after the season.
    {
      organization: schoolSeregno,
      languageCode: 'ro',
      startsAt: SEASON_INSTANTS.to,
      status: 'completed',
      assignedMediatorId: pool[3]!,
      minutesToAssign: 7,
      actualMinutes: 60,
      confirmed: true,
      bookings: [{ mediatorId: pool[3]!, status: 'completed' }],
      offers: [{ mediatorId: pool[3]!, answer: 'accepted' }],
    },
    // An inactive mediator's work counts in the summary but not among the active mediators of the fairness report.
    {
      organization: schoolSeregno,
      languageCode: 'ar',
      startsAt: new Date('2027-02-10T16:00:00Z'),
      status: 'completed',
      assignedMediatorId: retired,
      minutesToAssign: 60,
      actualMinutes: 120,
      confirmed: true,
      bookings: [{ mediatorId: retired, status: 'completed' }],
      offers: [{ mediatorId: retired, answer: 'accepted' }],
    },
  );

  // Unmet demand.
  const [tesfay, tsega] = tigrinya;
  const tigrinyaInTrezzo = ['district_not_served', 'district_not_served', 'district_not_served', 'inactive'];
  for (const [index, day] of ['2027-02-02', '2027-03-09', '2027-05-11'].entries()) {
    drafts.push({
      organization: schoolTrezzo,
      languageCode: 'ti',
      startsAt: new Date(`${day}T09:00:00Z`),
      durationMinutes: 60 + 30 * index,
      status: 'unfilled',
      everUnfilled: true,
      expectedReasons: tigrinyaInTrezzo,
    });
  }
  drafts.push(
    // Booked by hand for Trezzo, withdrawn by the mediator, then unfilled: no longer an assignment.
    {
      organization: schoolTrezzo,
      languageCode: 'ti',
      startsAt: new Date('2027-04-13T09:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      bookings: [{ mediatorId: tesfay, status: 'withdrawn' }],
      expectedReasons: [...tigrinyaInTrezzo, 'withdrew'],
    },
    // Unfilled after the offers ran out (one let expire, one withdrawn at the deadline), then booked by hand.
    {
      organization: schoolVimercate,
      languageCode: 'ti',
      startsAt: new Date('2027-03-23T09:00:00Z'),
      leadMinutes: 3 * 24 * 60,
      status: 'assigned',
      assignedMediatorId: tsega,
      minutesToAssign: 600,
      everUnfilled: true,
      offers: [
        { mediatorId: tesfay, answer: 'expired' },
        { mediatorId: tsega, answer: 'withdrawn' },
      ],
      bookings: [{ mediatorId: tsega, status: 'active' }],
      expectedReasons: ['let_expire', 'inactive'],
    },
    {
      organization: socialTrezzo,
      serviceType: 'social_interview',
      languageCode: 'bm',
      startsAt: new Date('2027-01-19T10:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      expectedReasons: ['no_mediator_speaks_language'],
    },
    // Unfilled with no 'unfilled' event on its timeline (as rows written before events carried it): the status says it.
    {
      organization: socialTrezzo,
      serviceType: 'social_interview',
      languageCode: 'bm',
      startsAt: new Date('2027-04-20T10:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      withoutUnfilledEvent: true,
      expectedReasons: ['no_mediator_speaks_language'],
    },
    // Unfilled, then its start passed: expired, still unmet demand.
    {
      organization: socialTrezzo,
      serviceType: 'home_visit',
      languageCode: 'bm',
      startsAt: new Date('2027-06-08T10:00:00Z'),
      status: 'expired',
      everUnfilled: true,
      expectedReasons: ['no_mediator_speaks_language'],
    },
    {
      organization: socialVimercate,
      serviceType: 'social_interview',
      languageCode: 'ur',
      startsAt: new Date('2027-02-16T10:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      offers: [{ mediatorId: urdu[1], answer: 'declined' }],
      expectedReasons: ['missing_qualification', 'declined'],
    },
    // Nobody speaks Somali today, but dispatch stored what matching said at the time: the report believes the snapshot.
    {
      organization: schoolSeregno,
      languageCode: 'so',
      startsAt: new Date('2027-05-25T08:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      storedMatching: { speakers: 2, reasons: { outside_availability: 2, weekly_cap_exceeded: 1 } },
      expectedReasons: ['outside_availability', 'outside_availability', 'weekly_cap_exceeded'],
    },
    // Tigrinya in Trezzo before the season: not counted.
    {
      organization: schoolTrezzo,
      languageCode: 'ti',
      startsAt: new Date('2026-12-15T09:00:00Z'),
      status: 'unfilled',
      everUnfilled: true,
      expectedReasons: tigrinyaInTrezzo,
    },
  );

  const season = drafts.map(draftToRequest);
  await insertSeason(db, season);
  return {
    requests: season,
    mediators,
    organizations,
    idleMediatorId: idle,
    summary: (groupBy: ReportGroupBy, period: Period = SEASON_INSTANTS) => expectedSummary(season, groupBy, period),
    gaps: (period: Period = SEASON_INSTANTS) => expectedGaps(season, period),
    fairness: (period: Period = SEASON_INSTANTS) => expectedFairness(season, mediators, period),
  };
}

export type Season = Awaited<ReturnType<typeof createSeason>>;

async function insertSeason(db: Database, season: SeasonRequest[]) {
  await db.insert(requests).values(
    season.map((request) => {
      const assignedAt =
        request.minutesToAssign === null
          ? null
          : new Date(request.createdAt.getTime() + request.minutesToAssign * MINUTE);
      const finished = request.status === 'completed';
      return {
        id: request.id,
        organizationId: request.organizationId,
        serviceType: request.serviceType,
        languageCode: request.languageCode,
        mode: 'in_person' as const,
        startsAt: request.startsAt,
        durationMinutes: request.durationMinutes,
        districtId: request.districtId,
        locationAddress: 'Via Garibaldi 3',
        locationMunicipality: districtNames[request.districtId] ?? request.districtId,
        caseRef: `CASO-${request.id.slice(0, 6)}`,
        subject: { pupilInitials: 'A.B.', pupilAge: 9 },
        contactName: 'Maestra Rossi',
        contactPhone: '+39 039 1234567',
        notes: 'family arrived in May',
        status: request.status,
        lateCancellation: request.lateCancellation,
        cancelReason: request.status === 'cancelled' ? 'no longer needed' : null,
        assignedMediatorId: request.assignedMediatorId,
        assignedAt,
        actualMinutes: request.actualMinutes,
        outcome: finished ? (request.actualMinutes === 30 ? ('family_no_show' as const) : ('done' as const)) : null,
        completionNote: finished ? 'all went well' : null,
        completedAt: finished ? new Date(request.startsAt.getTime() + request.durationMinutes * MINUTE) : null,
        confirmed: request.confirmed,
        confirmationComment: request.confirmed === null ? null : 'thank you',
        confirmedAt: request.confirmed === null ? null : new Date(request.startsAt.getTime() + DAY),
        createdAt: request.createdAt,
        updatedAt: request.createdAt,
      };
    }),
  );

  const offerRows = season.flatMap((request) =>
    request.offers.map((offer) => ({
      requestId: request.id,
      mediatorId: offer.mediatorId,
      wave: 1,
      status: offer.answer,
      expiresAt: new Date(request.createdAt.getTime() + 10 * MINUTE),
      respondedAt: new Date(request.createdAt.getTime() + 5 * MINUTE),
      createdAt: request.createdAt,
    })),
  );
  if (offerRows.length > 0) await db.insert(offers).values(offerRows);

  const bookingRows = season.flatMap((request) =>
    request.bookings.map((booking) => {
      const endsAt = new Date(request.startsAt.getTime() + request.durationMinutes * MINUTE);
      return {
        requestId: request.id,
        mediatorId: booking.mediatorId,
        startsAt: request.startsAt,
        endsAt,
        blockedUntil: new Date(endsAt.getTime() + 30 * MINUTE),
        mode: 'in_person' as const,
        status: booking.status,
        createdAt: new Date(request.createdAt.getTime() + (request.minutesToAssign ?? 30) * MINUTE),
        endedAt: booking.status === 'active' ? null : endsAt,
      };
    }),
  );
  if (bookingRows.length > 0) await db.insert(assignments).values(bookingRows);

  const eventRows = season.flatMap((request) => [
    { requestId: request.id, at: request.createdAt, type: 'created', data: {} },
    ...(request.unfilledEvent
      ? [
          {
            requestId: request.id,
            at: new Date(request.createdAt.getTime() + 45 * MINUTE),
            type: 'unfilled',
            data: { reason: 'no_candidates', ...(request.storedMatching ? { matching: request.storedMatching } : {}) },
          },
        ]
      : []),
  ]);
  await db.insert(requestEvents).values(eventRows);
}
