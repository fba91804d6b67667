import { randomUUID } from 'node:crypto';
import type { Gender, LanguageLevel, Mode, OrganizationKind, Qualification } from '@ponte/shared';
import type { Database } from '../src/db/client.js';
import {
  districts,
  languages,
  mediatorDistricts,
  mediatorLanguages,
  mediators,
  mediatorTimeOff,
  mediatorWeeklySlots,
  organizations,
} from '../src/db/schema/index.js';
import { newOpaqueToken } from '../src/lib/tokens.js';
import { insertInChunks } from './insert-in-chunks.js';
import type { Random } from './random.js';

const DAY_MS = 86_400_000;

export const MEDIATOR_COUNT = 10_000;
const SCHOOLS_PER_DISTRICT = 7;
const SOCIAL_SERVICES_PER_DISTRICT = 3;

/** The communities Lombardy's schools and social services ask for most; every other language weighs 2. */
const FAVOURED_LANGUAGE_WEIGHTS: Record<string, number> = { ar: 24, sq: 12, ro: 12, zh: 9, ur: 9, en: 4, fr: 4 };
const OTHER_LANGUAGE_WEIGHT = 2;

export interface ReferenceData {
  /** [code, weight] for weighted picks, and each language's dialects. */
  languageWeights: [string, number][];
  dialectsByLanguage: Map<string, string[]>;
  districts: { id: string; municipalities: string[] }[];
}

export interface RosterMediator {
  id: string;
  active: boolean;
  gender: Gender | null;
  languageCodes: string[];
  districtIds: string[];
  modes: Mode[];
  qualifications: Qualification[];
}

export interface RosterOrganization {
  id: string;
  kind: OrganizationKind;
  districtId: string;
  municipality: string;
  address: string;
}

export interface Roster {
  mediators: RosterMediator[];
  organizations: RosterOrganization[];
}

type Slot = { weekday: number; startMinute: number; endMinute: number };

export async function loadReferenceData(db: Database): Promise<ReferenceData> {
  const languageRows = await db.select({ code: languages.code, dialects: languages.dialects }).from(languages);
  const districtRows = await db.select({ id: districts.id, municipalities: districts.municipalities }).from(districts);
  return {
    languageWeights: languageRows.map(({ code }) => [code, FAVOURED_LANGUAGE_WEIGHTS[code] ?? OTHER_LANGUAGE_WEIGHT]),
    dialectsByLanguage: new Map(languageRows.map(({ code, dialects }) => [code, dialects])),
    districts: districtRows,
  };
}

const FEMALE_NAMES = [
  'Amina',
  'Fatima',
  'Leila',
  'Elena',
  'Ioana',
  'Mei',
  'Li',
  'Ayesha',
  'Sana',
  'Blerta',
  'Arta',
  'Olena',
  'Mariam',
  'Nadia',
  'Khadija',
  'Priya',
];
const MALE_NAMES = [
  'Ahmed',
  'Youssef',
  'Karim',
  'Andrei',
  'Mihai',
  'Wei',
  'Jun',
  'Imran',
  'Bilal',
  'Arben',
  'Gentian',
  'Taras',
  'Omar',
  'Samir',
  'Moussa',
  'Raj',
];
const SURNAMES = [
  'El Amrani',
  'Haddad',
  'Benali',
  'Popescu',
  'Ionescu',
  'Zhang',
  'Chen',
  'Khan',
  'Hussain',
  'Hoxha',
  'Krasniqi',
  'Kovalenko',
  'Diallo',
  'Ndiaye',
  'Singh',
  'Rahman',
];

/** Weekly availability shapes seen among mediators, in wall-clock minutes. */
const WEEKDAYS = [1, 2, 3, 4, 5];
const everyDay = (weekdays: number[], from: number, to: number): Slot[] =>
  weekdays.map((weekday) => ({ weekday, startMinute: from * 60, endMinute: to * 60 }));
const AVAILABILITY_PATTERNS: [(random: Random) => Slot[], number][] = [
  [() => everyDay(WEEKDAYS, 8, 18), 30],
  [() => everyDay([...WEEKDAYS, 6], 8, 13), 20],
  [() => everyDay(WEEKDAYS, 13, 20), 15],
  [() => [...everyDay(WEEKDAYS, 8.5, 12.5), ...everyDay(WEEKDAYS, 14, 18)], 15],
  [(random) => everyDay(random.sample(WEEKDAYS, 3).sort(), 9, 17), 15],
  [() => everyDay([1, 2, 3, 4, 5, 6, 7], 7, 22), 5],
];

function generateModes(random: Random): Mode[] {
  const modes: Mode[] = [];
  if (random.chance(0.85)) modes.push('in_person');
  if (random.chance(0.9) || modes.length === 0) modes.push('phone');
  if (random.chance(0.55)) modes.push('video');
  return modes;
}

function generateQualifications(random: Random): Qualification[] {
  const school = random.chance(0.75);
  const socialServices = random.chance(0.55) || !school;
  const qualifications: Qualification[] = [];
  if (school) qualifications.push('school');
  if (socialServices) qualifications.push('social_services');
  if (socialServices && random.chance(0.15)) qualifications.push('parenting_assessment');
  return qualifications;
}

function generateLanguages(random: Random, reference: ReferenceData, mediatorId: string) {
  const count = random.weighted([
    [1, 50],
    [2, 35],
    [3, 15],
  ] as const);
  return random.weightedDistinct(reference.languageWeights, count).map((languageCode, index) => {
    const level: LanguageLevel =
      index === 0
        ? random.weighted([
            ['native', 75],
            ['fluent', 25],
          ] as const)
        : random.weighted([
            ['fluent', 60],
            ['working', 40],
          ] as const);
    const knownDialects = reference.dialectsByLanguage.get(languageCode) ?? [];
    const dialects = knownDialects.length > 0 && random.chance(0.4) ? [random.pick(knownDialects)] : [];
    return { mediatorId, languageCode, level, dialects };
  });
}

function generateTimeOff(random: Random, mediatorId: string, now: Date) {
  const periods = random.chance(0.12) ? (random.chance(0.3) ? 2 : 1) : 0;
  return Array.from({ length: periods }, () => {
    const startsAt = new Date(now.getTime() + random.integer(-30, 60) * DAY_MS);
    startsAt.setUTCHours(0, 0, 0, 0);
    return {
      mediatorId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + random.integer(1, 14) * DAY_MS),
      reason: random.pick(['ferie', 'malattia', 'formazione', null]),
    };
  });
}

function generateMediator(random: Random, reference: ReferenceData, index: number, now: Date) {
  const id = randomUUID();
  const gender = random.weighted([
    ['female', 62],
    ['male', 33],
    [null, 5],
  ] as const);
  const firstName = random.pick(gender === 'male' ? MALE_NAMES : FEMALE_NAMES);
  const districtIds = random.sample(
    reference.districts.map((district) => district.id),
    random.weighted([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const),
  );
  const roster: RosterMediator = {
    id,
    active: random.chance(0.95),
    gender,
    languageCodes: [],
    districtIds,
    modes: generateModes(random),
    qualifications: generateQualifications(random),
  };
  const languageRows = generateLanguages(random, reference, id);
  roster.languageCodes = languageRows.map((row) => row.languageCode);
  return {
    roster,
    mediatorRow: {
      id,
      fullName: `${firstName} ${random.pick(SURNAMES)}`,
      email: `mediator${index}@bench.ponte`,
      phone: `+39 333 ${String(1_000_000 + index)}`,
      gender,
      homeDistrictId: districtIds[0] ?? null,
      modes: roster.modes,
      qualifications: roster.qualifications,
      maxWeeklyMinutes: random.pick([600, 900, 1200, 1800, 2400]),
      active: roster.active,
      calendarToken: newOpaqueToken(),
    },
    languageRows,
    districtRows: districtIds.map((districtId) => ({ mediatorId: id, districtId })),
    slotRows: random
      .weighted(AVAILABILITY_PATTERNS)(random)
      .map((slot) => ({ mediatorId: id, ...slot })),
    timeOffRows: generateTimeOff(random, id, now),
  };
}

function generateOrganizations(random: Random, reference: ReferenceData): RosterOrganization[] {
  return reference.districts.flatMap((district) =>
    [
      ...Array<OrganizationKind>(SCHOOLS_PER_DISTRICT).fill('school'),
      ...Array<OrganizationKind>(SOCIAL_SERVICES_PER_DISTRICT).fill('social_service'),
    ].map((kind) => {
      const municipality = random.pick(district.municipalities);
      return {
        id: randomUUID(),
        kind,
        districtId: district.id,
        municipality,
        address: `Via Roma ${random.integer(1, 120)}, ${municipality}`,
      };
    }),
  );
}

/** 10,000 mediators with their languages, districts, weekly slots and time off, and 40 organizations. */
export async function seedRoster(db: Database, random: Random, reference: ReferenceData, now: Date): Promise<Roster> {
  const generated = Array.from({ length: MEDIATOR_COUNT }, (_, index) =>
    generateMediator(random, reference, index, now),
  );
  await insertInChunks(
    db,
    mediators,
    generated.map((mediator) => mediator.mediatorRow),
  );
  await insertInChunks(
    db,
    mediatorLanguages,
    generated.flatMap((mediator) => mediator.languageRows),
  );
  await insertInChunks(
    db,
    mediatorDistricts,
    generated.flatMap((mediator) => mediator.districtRows),
  );
  await insertInChunks(
    db,
    mediatorWeeklySlots,
    generated.flatMap((mediator) => mediator.slotRows),
  );
  await insertInChunks(
    db,
    mediatorTimeOff,
    generated.flatMap((mediator) => mediator.timeOffRows),
  );

  const organizationList = generateOrganizations(random, reference);
  await insertInChunks(
    db,
    organizations,
    organizationList.map((organization, index) => ({
      ...organization,
      name: `${organization.kind === 'school' ? 'IC' : 'Servizi sociali'} ${organization.municipality} ${index + 1}`,
      phone: '039 0000000',
    })),
  );
  return { mediators: generated.map((mediator) => mediator.roster), organizations: organizationList };
}
