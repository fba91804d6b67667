import { randomUUID } from 'node:crypto';
import type { Database } from '../src/db/client.js';
import { offers, requests, users } from '../src/db/schema/index.js';
import { hashPassword } from '../src/lib/passwords.js';
import { insertInChunks } from './insert-in-chunks.js';
import type { Random } from './random.js';
import type { Roster, RosterMediator } from './seed-roster.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const BENCH_PASSWORD = 'bench-password-2026';
const MEDIATORS_WITH_ACCOUNTS = 200;
/** A mediator's usual inbox: a dozen offers waiting for an answer. */
const PENDING_OFFERS_OF_OFFERS_MEDIATOR = 12;

export interface BenchAccounts {
  password: string;
  coordinatorEmail: string;
  requesterEmail: string;
  requesterOrganizationId: string;
  /** Has pending offers, and does not speak the language the create benchmark asks for, so their inbox stays the same size. */
  offersMediatorEmail: string;
  offersMediatorPendingOffers: number;
  /** Every mediator the create benchmark's requests may be offered to (they have accounts): whose live streams the steady create listens on. */
  createCandidateMediatorIds: string[];
}

const mediatorEmail = (mediator: RosterMediator) => `account-${mediator.id}@bench.ponte`;

/** The create benchmark asks in person for a school: whoever could be in one of its waves, wherever they live. */
const mayBeOfferedTheCreates = (mediator: RosterMediator, language: string) =>
  mediator.active &&
  mediator.languageCodes.includes(language) &&
  mediator.modes.includes('in_person') &&
  mediator.qualifications.includes('school');

function chooseOffersMediator(candidates: RosterMediator[], avoidLanguage: string): RosterMediator {
  const chosen = candidates.find(
    (mediator) =>
      mediator.active && mediator.modes.includes('phone') && !mediator.languageCodes.includes(avoidLanguage),
  );
  if (!chosen) throw new Error(`no active mediator with an account who does not speak ${avoidLanguage}`);
  return chosen;
}

/** Requests still searching, each with one pending offer to the mediator, as the dispatcher would leave them. */
async function seedPendingOffers(
  db: Database,
  random: Random,
  roster: Roster,
  mediator: RosterMediator,
  now: Date,
): Promise<number> {
  const kind = mediator.qualifications.includes('school') ? 'school' : 'social_service';
  const organizations = roster.organizations.filter((organization) => organization.kind === kind);
  const rows = Array.from({ length: PENDING_OFFERS_OF_OFFERS_MEDIATOR }, () => {
    const organization = random.pick(organizations);
    const startsAt = new Date(now.getTime() + random.integer(4, 14) * DAY_MS);
    startsAt.setUTCHours(random.integer(7, 15), 0, 0, 0);
    const requestId = randomUUID();
    const request: typeof requests.$inferInsert = {
      id: requestId,
      organizationId: organization.id,
      serviceType: kind === 'school' ? 'school_meeting' : 'social_interview',
      languageCode: mediator.languageCodes[0] ?? 'sq',
      mode: 'phone',
      startsAt,
      durationMinutes: 60,
      districtId: organization.districtId,
      locationAddress: organization.address,
      locationMunicipality: organization.municipality,
      contactName: 'Referente',
      contactPhone: '+39 039 1234567',
      status: 'searching',
      dispatchPlan: { tier: 'planned' },
      waveNumber: 1,
      dispatchDeadline: new Date(startsAt.getTime() - DAY_MS),
      createdAt: now,
    };
    const offer: typeof offers.$inferInsert = {
      requestId,
      mediatorId: mediator.id,
      wave: 1,
      status: 'pending',
      expiresAt: new Date(now.getTime() + 6 * HOUR_MS),
      createdAt: now,
    };
    return { request, offer };
  });
  await insertInChunks(
    db,
    requests,
    rows.map((row) => row.request),
  );
  await insertInChunks(
    db,
    offers,
    rows.map((row) => row.offer),
  );
  return rows.length;
}

/** A coordinator, a requester of a Vimercate school, and 200 mediators with accounts; one password hashed once. */
export async function seedAccounts(
  db: Database,
  random: Random,
  roster: Roster,
  options: { now: Date; createLanguage: string },
): Promise<BenchAccounts> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const requesterOrganization = roster.organizations.find(
    (organization) => organization.kind === 'school' && organization.districtId === 'vimercate',
  );
  if (!requesterOrganization) throw new Error('no school in Vimercate was seeded');
  const createCandidates = roster.mediators.filter((mediator) =>
    mayBeOfferedTheCreates(mediator, options.createLanguage),
  );
  const withAccounts = [...new Set([...roster.mediators.slice(0, MEDIATORS_WITH_ACCOUNTS), ...createCandidates])];
  const coordinatorEmail = 'coordinator@bench.ponte';
  const requesterEmail = 'requester@bench.ponte';
  await insertInChunks(db, users, [
    { email: coordinatorEmail, name: 'Bench coordinator', role: 'coordinator', organizationId: null, passwordHash },
    {
      email: requesterEmail,
      name: 'Bench requester',
      role: 'requester',
      organizationId: requesterOrganization.id,
      passwordHash,
    },
  ]);
  await insertInChunks(
    db,
    users,
    withAccounts.map((mediator) => ({
      email: mediatorEmail(mediator),
      name: 'Bench mediator',
      role: 'mediator' as const,
      mediatorId: mediator.id,
      passwordHash,
    })),
  );

  const offersMediator = chooseOffersMediator(withAccounts, options.createLanguage);
  const pending = await seedPendingOffers(db, random, roster, offersMediator, options.now);
  return {
    password: BENCH_PASSWORD,
    coordinatorEmail,
    requesterEmail,
    requesterOrganizationId: requesterOrganization.id,
    offersMediatorEmail: mediatorEmail(offersMediator),
    offersMediatorPendingOffers: pending,
    createCandidateMediatorIds: createCandidates.map((mediator) => mediator.id),
  };
}
