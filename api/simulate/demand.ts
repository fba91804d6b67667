import { serviceTypesByKind, type Mode, type OrganizationKind, type ServiceType } from '@ponte/shared';
import { demoMediators, demoOrganizations } from '../src/db/demo-data.js';
import { addDays, atLocal, DAY_MS, HOUR_MS, MINUTE_MS, wallClock, weekdayOf } from './local-clock.js';
import { createRandom, mixSeed, type Random } from './random.js';

export type LeadClass = 'under_24h' | 'one_to_three_days' | 'planned';
export const leadClasses: readonly LeadClass[] = ['under_24h', 'one_to_three_days', 'planned'];

/** What a season's demand looks like: weights to draw from, and how many requests a school day brings. */
export interface DemandShape {
  source: 'demo' | 'database';
  languages: [code: string, weight: number][];
  districts: [districtId: string, weight: number][];
  kinds: [kind: OrganizationKind, weight: number][];
  modes: [mode: Mode, weight: number][];
  durations: [minutes: number, weight: number][];
  leadTimes: [lead: LeadClass, weight: number][];
  requestsPerSchoolDay: number;
}

/** The simulated provider's organizations: the demo's, by key. */
export interface SimOrganization {
  key: string;
  kind: OrganizationKind;
  districtId: string;
}

export const simOrganizations: SimOrganization[] = demoOrganizations.map(({ key, row }) => ({
  key,
  kind: row.kind,
  districtId: row.districtId,
}));

function counted<T>(items: T[], weightOf: (item: T) => number = () => 1): [T, number][] {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + weightOf(item));
  return [...counts.entries()];
}

/** A demo mediator's native language counts 1, another language ¼: communities as the roster mirrors them. */
function demoLanguageWeights(): [string, number][] {
  const weights = new Map<string, number>();
  for (const mediator of demoMediators)
    for (const language of mediator.languages)
      weights.set(
        language.languageCode,
        (weights.get(language.languageCode) ?? 0) + (language.level === 'native' ? 1 : 0.25),
      );
  return [...weights.entries()];
}

/**
 * The demo data's proportions: a language is asked for as often as demo mediators speak it (natively
 * 1, otherwise ¼: the demo roster was drawn after the communities of Monza-Brianza), districts and
 * kinds of organization as the demo organizations lie, modes, lengths and lead times as DESIGN.md's
 * providers describe them (lead times a third each).
 */
export const demoShape: DemandShape = {
  source: 'demo',
  languages: demoLanguageWeights(),
  districts: counted(simOrganizations.map((organization) => organization.districtId)),
  kinds: counted(simOrganizations.map((organization) => organization.kind)),
  modes: [
    ['in_person', 70],
    ['phone', 20],
    ['video', 10],
  ],
  durations: [
    [60, 40],
    [90, 30],
    [120, 25],
    [180, 5],
  ],
  leadTimes: [
    ['under_24h', 1],
    ['one_to_three_days', 1],
    ['planned', 1],
  ],
  requestsPerSchoolDay: 15,
};

export interface SimRequest {
  /** Position in the season, creation order. */
  index: number;
  createdAt: Date;
  organizationKey: string;
  kind: OrganizationKind;
  districtId: string;
  serviceType: ServiceType;
  languageCode: string;
  mode: Mode;
  startsAt: Date;
  durationMinutes: number;
  lead: LeadClass;
  caseRef: string | null;
}

export const SEASON_START = '2027-09-13';
/** School holidays of a Lombardy year: no requests on those days. */
const HOLIDAYS = new Set(['2027-11-01', '2027-12-08']);
const inChristmasBreak = (date: string) => date >= '2027-12-23' && date <= '2028-01-06';

/** The season's school days, Monday to Friday from SEASON_START, without holidays. */
export function schoolDays(count: number, start = SEASON_START): string[] {
  const days: string[] = [];
  for (let date = start; days.length < count; date = addDays(date, 1)) {
    if (weekdayOf(date) <= 5 && !HOLIDAYS.has(date) && !inChristmasBreak(date)) days.push(date);
  }
  return days;
}

/** September brings the new pupils: welcome meetings everywhere (the peak), then October settles. */
export function monthFactor(month: number): number {
  if (month === 9) return 1.6;
  if (month === 10) return 1.15;
  return 1;
}

/** Hours requests may start: schools 08:00–16:30, social services 09:00–17:00 (start times, quarter hours). */
const startWindow = (kind: OrganizationKind) =>
  kind === 'school' ? { from: 8 * 60, to: 16 * 60 + 30 } : { from: 9 * 60, to: 17 * 60 };

const leadBounds: Record<LeadClass, { min: number; max: number }> = {
  under_24h: { min: 30 * MINUTE_MS, max: 24 * HOUR_MS - MINUTE_MS },
  one_to_three_days: { min: 24 * HOUR_MS, max: 72 * HOUR_MS },
  planned: { min: 72 * HOUR_MS + MINUTE_MS, max: 21 * DAY_MS },
};

/** Every quarter-hour start the organization's hours allow within [from, to], weekdays only. */
function startSlots(kind: OrganizationKind, from: Date, to: Date): Date[] {
  const window = startWindow(kind);
  const slots: Date[] = [];
  for (let date = wallClock(from).date; atLocal(date, 0) <= to; date = addDays(date, 1)) {
    if (weekdayOf(date) > 5 || HOLIDAYS.has(date) || inChristmasBreak(date)) continue;
    // No clock change falls in school hours (they happen at night): quarter hours from the day's first.
    const first = atLocal(date, window.from).getTime();
    for (let minute = window.from; minute <= window.to; minute += 15) {
      const slot = new Date(first + (minute - window.from) * MINUTE_MS);
      if (slot >= from && slot <= to) slots.push(slot);
    }
  }
  return slots;
}

function startFor(
  random: Random,
  kind: OrganizationKind,
  createdAt: Date,
  lead: LeadClass,
): { startsAt: Date; lead: LeadClass } {
  const bounds = leadBounds[lead];
  const slots = startSlots(
    kind,
    new Date(createdAt.getTime() + bounds.min),
    new Date(createdAt.getTime() + bounds.max),
  );
  if (slots.length > 0) return { startsAt: random.pick(slots), lead };
  // A Friday afternoon has no school hour left within a day: the request is for Monday (1–3 days).
  return startFor(random, kind, createdAt, lead === 'under_24h' ? 'one_to_three_days' : 'planned');
}

interface OpenCase {
  ref: string;
  organizationKey: string;
  languageCode: string;
  serviceType: ServiceType;
}

/** Share of requests that continue a case already open (the same family again). */
export const FOLLOW_UP_SHARE = 0.3;
/** Share of new requests that open a case reference. */
export const NEW_CASE_SHARE = 0.5;

/**
 * The season's requests, in creation order: Poisson counts per school day (September's peak), filed in
 * office hours (07:30–17:30), each drawn from the shape; some continue an open case (same organization,
 * language and service type, same case reference), so continuity can be measured.
 */
export function generateDemand(options: { seed: number; days: number; shape?: DemandShape }): SimRequest[] {
  const shape = options.shape ?? demoShape;
  const random = createRandom(mixSeed(options.seed, 1));
  const requests: SimRequest[] = [];
  const openCases: OpenCase[] = [];
  let caseNumber = 0;
  for (const date of schoolDays(options.days)) {
    const count = random.poisson(shape.requestsPerSchoolDay * monthFactor(wallClock(atLocal(date, 720)).month));
    // Distinct creation instants (to the millisecond) keep the order of the season's events total.
    const minutes = Array.from({ length: count }, () => random.next() * 600)
      .map((offset) => Math.round((7.5 * 60 + offset) * MINUTE_MS))
      .sort((a, b) => a - b);
    let previous = -1;
    for (const offsetMs of minutes) {
      const createdMs = Math.max(atLocal(date, 0).getTime() + offsetMs, previous + 1);
      previous = createdMs;
      const createdAt = new Date(createdMs);
      const followUp =
        openCases.length > 0 && random.chance(FOLLOW_UP_SHARE) ? random.pick(openCases.slice(-60)) : undefined;
      let organization: SimOrganization;
      let languageCode: string;
      let serviceType: ServiceType;
      let caseRef: string | null = null;
      if (followUp) {
        organization = simOrganizations.find(
          (candidate) => candidate.key === followUp.organizationKey,
        ) as SimOrganization;
        languageCode = followUp.languageCode;
        serviceType = followUp.serviceType === 'school_welcome' ? 'school_meeting' : followUp.serviceType;
        caseRef = followUp.ref;
      } else {
        const districtId = random.weighted(shape.districts);
        const kind = random.weighted(shape.kinds);
        const inDistrict = simOrganizations.filter(
          (candidate) => candidate.districtId === districtId && candidate.kind === kind,
        );
        organization = random.pick(
          inDistrict.length > 0 ? inDistrict : simOrganizations.filter((candidate) => candidate.kind === kind),
        );
        languageCode = random.weighted(shape.languages);
        serviceType = random.pick(serviceTypesByKind[organization.kind]);
        if (random.chance(NEW_CASE_SHARE)) {
          caseNumber += 1;
          caseRef = `caso-${caseNumber}`;
          openCases.push({ ref: caseRef, organizationKey: organization.key, languageCode, serviceType });
        }
      }
      // A home visit is in person by nature; the rest take the shape's modes.
      const mode: Mode = serviceType === 'home_visit' ? 'in_person' : random.weighted(shape.modes);
      const { startsAt, lead } = startFor(random, organization.kind, createdAt, random.weighted(shape.leadTimes));
      requests.push({
        index: requests.length,
        createdAt,
        organizationKey: organization.key,
        kind: organization.kind,
        districtId: organization.districtId,
        serviceType,
        languageCode,
        mode,
        startsAt,
        durationMinutes: random.weighted(shape.durations),
        lead,
        caseRef,
      });
    }
  }
  return requests;
}
