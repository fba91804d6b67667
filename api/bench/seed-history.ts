import { randomUUID } from 'node:crypto';
import { serviceTypesByKind, type Mode, type OrganizationKind, type ServiceType } from '@ponte/shared';
import type { Database } from '../src/db/client.js';
import { assignments, offers, requests } from '../src/db/schema/index.js';
import { insertInChunks } from './insert-in-chunks.js';
import type { Random } from './random.js';
import type { Roster, RosterMediator, RosterOrganization } from './seed-roster.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const TRAVEL_BUFFER_MS = 30 * MINUTE_MS;

export const PAST_ASSIGNMENT_COUNT = 100_000;
const PAST_DAYS = 365;
/** Mediators with a booking in the coming four weeks, one or two each. */
const MEDIATORS_WITH_UPCOMING_WORK = 3_000;
const UPCOMING_DAYS = 28;

/** One of an organization's 150 recurring cases (a pupil, a family) that come back over the year. */
export const recurringCaseRef = (random: Random, organizationId: string) =>
  `CASE-${organizationId.slice(0, 8)}-${random.integer(1, 150)}`;

interface Booking {
  mediator: RosterMediator;
  startsAt: Date;
  status: 'completed' | 'active';
}

type RequestInsert = typeof requests.$inferInsert;
type AssignmentInsert = typeof assignments.$inferInsert;
type OfferInsert = typeof offers.$inferInsert;

/** Organizations by kind and by kind + district, to give each booking a plausible client. */
function indexOrganizations(organizations: RosterOrganization[]) {
  const byKind = new Map<string, RosterOrganization[]>();
  const add = (key: string, organization: RosterOrganization) =>
    byKind.set(key, [...(byKind.get(key) ?? []), organization]);
  for (const organization of organizations) {
    add(organization.kind, organization);
    add(`${organization.kind}:${organization.districtId}`, organization);
  }
  return (kind: OrganizationKind, districtId?: string) => byKind.get(districtId ? `${kind}:${districtId}` : kind) ?? [];
}

function chooseService(random: Random, mediator: RosterMediator): { kind: OrganizationKind; serviceType: ServiceType } {
  const school = mediator.qualifications.includes('school');
  const socialServices = mediator.qualifications.includes('social_services');
  if (school && (!socialServices || random.chance(0.6)))
    return { kind: 'school', serviceType: random.pick(serviceTypesByKind.school) };
  const socialTypes: ServiceType[] = mediator.qualifications.includes('parenting_assessment')
    ? [...serviceTypesByKind.social_service]
    : ['social_interview', 'home_visit'];
  return { kind: 'social_service', serviceType: random.pick(socialTypes) };
}

/** A working-hours start (08:00–17:30 in Rome, give or take the DST hour) on the day `dayOffset` from today. */
function workingHoursStart(random: Random, now: Date, dayOffset: number): Date {
  const day = new Date(now.getTime() + dayOffset * DAY_MS);
  day.setUTCHours(random.integer(7, 15), random.pick([0, 30]), 0, 0);
  return day;
}

const isWeekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/** `count` distinct days in [first, last] (offsets from today), weekends mostly skipped. */
function distinctWorkingDays(random: Random, count: number, first: number, last: number, now: Date): number[] {
  const days = new Set<number>();
  for (let attempts = 0; days.size < count && attempts < count * 20; attempts += 1) {
    const day = random.integer(first, last);
    if (isWeekend(new Date(now.getTime() + day * DAY_MS)) && random.chance(0.9)) continue;
    days.add(day);
  }
  return [...days];
}

/** How many of the past assignments each mediator did: uneven, as in real rosters; inactive ones did little. */
function pastAssignmentsPerMediator(random: Random, mediators: RosterMediator[]): number[] {
  const weights = mediators.map((mediator) => (mediator.active ? 0.2 + random.next() ** 2 * 2.5 : 0.2));
  const cumulative: number[] = [];
  weights.reduce((sum, weight) => (cumulative.push(sum + weight), sum + weight), 0);
  const total = cumulative.at(-1) ?? 0;
  const counts = new Array<number>(mediators.length).fill(0);
  for (let drawn = 0; drawn < PAST_ASSIGNMENT_COUNT; drawn += 1) {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    counts[low] = (counts[low] ?? 0) + 1;
  }
  return counts;
}

/**
 * One mediator on distinct days never has two bookings that overlap, so the past stays realistic and the
 * upcoming active bookings satisfy the exclusion constraint.
 */
function pastBookings(random: Random, mediators: RosterMediator[], now: Date): Booking[] {
  const counts = pastAssignmentsPerMediator(random, mediators);
  return mediators.flatMap((mediator, index) =>
    distinctWorkingDays(random, counts[index] ?? 0, -PAST_DAYS, -1, now).map((day): Booking => ({
      mediator,
      startsAt: workingHoursStart(random, now, day),
      status: 'completed',
    })),
  );
}

function upcomingBookings(random: Random, mediators: RosterMediator[], now: Date): Booking[] {
  const busy = random.sample(
    mediators.filter((mediator) => mediator.active),
    MEDIATORS_WITH_UPCOMING_WORK,
  );
  return busy.flatMap((mediator) =>
    distinctWorkingDays(random, random.integer(1, 2), 1, UPCOMING_DAYS, now).map((day): Booking => ({
      mediator,
      startsAt: workingHoursStart(random, now, day),
      status: 'active',
    })),
  );
}

function rowsForBooking(random: Random, organizationsOf: ReturnType<typeof indexOrganizations>, booking: Booking) {
  const { mediator, startsAt } = booking;
  const mode: Mode = random.pick(mediator.modes);
  const { kind, serviceType } = chooseService(random, mediator);
  const district = mode === 'in_person' ? random.pick(mediator.districtIds) : undefined;
  const organization = random.pick(
    organizationsOf(kind, district).length > 0 ? organizationsOf(kind, district) : organizationsOf(kind),
  );
  const durationMinutes = random.pick([60, 60, 90, 120]);
  const endsAt = new Date(startsAt.getTime() + durationMinutes * MINUTE_MS);
  const createdAt = new Date(startsAt.getTime() - random.integer(2, 20) * DAY_MS);
  const assignedAt = new Date(createdAt.getTime() + random.integer(5, 180) * MINUTE_MS);
  const completed = booking.status === 'completed';
  const completedAt = new Date(endsAt.getTime() + 2 * HOUR_MS);
  const confirmed = completed && random.chance(0.7);
  const requestId = randomUUID();

  const request: RequestInsert = {
    id: requestId,
    organizationId: organization.id,
    serviceType,
    languageCode: random.pick(mediator.languageCodes),
    mode,
    startsAt,
    durationMinutes,
    districtId: organization.districtId,
    locationAddress: organization.address,
    locationMunicipality: organization.municipality,
    // Recurring cases make the continuity query find earlier mediators.
    caseRef: random.chance(0.25) ? recurringCaseRef(random, organization.id) : null,
    contactName: 'Referente',
    contactPhone: '+39 039 1234567',
    status: completed ? 'completed' : 'assigned',
    dispatchPlan: { tier: 'planned' },
    waveNumber: 1,
    assignedMediatorId: mediator.id,
    assignedAt,
    actualMinutes: completed ? durationMinutes + random.integer(-10, 20) : null,
    outcome: completed ? (random.chance(0.95) ? 'done' : 'family_no_show') : null,
    completedAt: completed ? completedAt : null,
    confirmed: confirmed ? true : null,
    rating: confirmed ? random.integer(3, 5) : null,
    confirmedAt: confirmed ? new Date(completedAt.getTime() + DAY_MS) : null,
    createdAt,
    updatedAt: completed ? completedAt : assignedAt,
  };
  const assignment: AssignmentInsert = {
    requestId,
    mediatorId: mediator.id,
    startsAt,
    endsAt,
    blockedUntil: mode === 'in_person' ? new Date(endsAt.getTime() + TRAVEL_BUFFER_MS) : endsAt,
    mode,
    status: booking.status,
    createdAt: assignedAt,
    endedAt: completed ? endsAt : null,
  };
  const offer: OfferInsert = {
    requestId,
    mediatorId: mediator.id,
    wave: 1,
    status: 'accepted',
    expiresAt: new Date(createdAt.getTime() + 2 * HOUR_MS),
    respondedAt: assignedAt,
    createdAt,
  };
  return { bookedAt: createdAt, request, assignment, offer };
}

/** 100,000 completed assignments over the past year, a few thousand upcoming ones, each with its request and accepted offer. */
export async function seedHistory(
  db: Database,
  random: Random,
  roster: Roster,
  now: Date,
): Promise<{ past: number; upcoming: number }> {
  const organizationsOf = indexOrganizations(roster.organizations);
  const past = pastBookings(random, roster.mediators, now);
  const upcoming = upcomingBookings(random, roster.mediators, now);
  // Inserted in the order they were booked, as a live database receives them: the physical order of the
  // rows is what makes a range of dates cheap or expensive to read.
  const rows = [...past, ...upcoming]
    .map((booking) => rowsForBooking(random, organizationsOf, booking))
    .sort((first, second) => first.bookedAt.getTime() - second.bookedAt.getTime());
  await insertInChunks(
    db,
    requests,
    rows.map((row) => row.request),
  );
  await insertInChunks(
    db,
    assignments,
    rows.map((row) => row.assignment),
  );
  await insertInChunks(
    db,
    offers,
    rows.map((row) => row.offer),
  );
  return { past: past.length, upcoming: upcoming.length };
}
