import { sql } from 'drizzle-orm';
import type { Gender, LanguageLevel, Mode, Qualification } from '@ponte/shared';
import { rowsOf, type Executor } from '../../db/client.js';
import type { MatchMediator } from '../../domain/matching.js';

export interface LoadedRoster {
  version: number;
  speakersByLanguage: Map<string, MatchMediator[]>;
  /** Keyed by `${languageCode} ${districtId}`: who speaks the language and serves the district. */
  speakersByLanguageAndDistrict: Map<string, MatchMediator[]>;
}

const languageAndDistrict = (languageCode: string, districtId: string) => `${languageCode} ${districtId}`;

/**
 * The engine's own copy of a short repeated string (a code, level, mode or district id). Strings read
 * from PostgreSQL are new objects each time; the matcher compares and looks them up for every mediator
 * of every ranking, and V8 does that fastest (by identity) with internalized strings — half the matcher's
 * time in the benchmark. A property key is always internalized.
 */
const interned = (text: string): string => Object.keys({ [text]: 0 })[0] ?? text;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface MediatorRecord {
  id: string;
  full_name: string;
  active: boolean;
  gender: Gender | null;
  home_district_id: string | null;
  modes: Mode[];
  qualifications: Qualification[];
  max_weekly_minutes: number;
}

/** The database's roster version, as a column of any statement: reading it with the statement that needs the roster saves a round trip. */
export const ROSTER_VERSION = sql`(SELECT version FROM roster_version)`;

async function readVersion(executor: Executor): Promise<number> {
  const [row] = rowsOf<{ version: string | number }>(await executor.execute(sql`SELECT ${ROSTER_VERSION} AS version`));
  return Number(row?.version ?? 0);
}

/**
 * The mediators who speak the language, or only those who also serve `servingDistrictId` (what
 * in-person work needs). Their profiles are shared: never modify them.
 */
export function speakersOf(
  roster: LoadedRoster,
  languageCode: string,
  servingDistrictId?: string,
): readonly MatchMediator[] {
  const speakers =
    servingDistrictId === undefined
      ? roster.speakersByLanguage.get(languageCode)
      : roster.speakersByLanguageAndDistrict.get(languageAndDistrict(languageCode, servingDistrictId));
  return speakers ?? [];
}

/** The whole roster, five narrow queries: one row per mediator, language, district, weekly slot and time off. */
async function loadRoster(executor: Executor, version: number): Promise<LoadedRoster> {
  const mediatorRows = rowsOf<MediatorRecord>(
    // In id order, as every list below keeps: the matcher sorts its output by id, and sorting a sorted list is cheap.
    await executor.execute(
      sql`SELECT id, full_name, active, gender, home_district_id, modes, qualifications, max_weekly_minutes FROM mediators ORDER BY id`,
    ),
  );
  const byId = new Map<string, MatchMediator>();
  for (const row of mediatorRows) {
    byId.set(row.id, {
      id: row.id,
      fullName: row.full_name,
      active: row.active,
      gender: row.gender,
      languages: [],
      districtIds: [],
      homeDistrictId: row.home_district_id,
      modes: row.modes.map(interned) as Mode[],
      qualifications: row.qualifications.map(interned) as Qualification[],
      maxWeeklyMinutes: row.max_weekly_minutes,
      weekly: [],
      timeOff: [],
    });
  }
  const languageRows = await executor.execute(
    sql`SELECT mediator_id, language_code, level, dialects FROM mediator_languages`,
  );
  for (const row of rowsOf<{ mediator_id: string; language_code: string; level: LanguageLevel; dialects: string[] }>(
    languageRows,
  )) {
    byId.get(row.mediator_id)?.languages.push({
      code: interned(row.language_code),
      level: interned(row.level) as LanguageLevel,
      dialects: row.dialects,
    });
  }
  const districtRows = await executor.execute(
    sql`SELECT mediator_id, district_id FROM mediator_districts ORDER BY district_id`,
  );
  for (const row of rowsOf<{ mediator_id: string; district_id: string }>(districtRows))
    byId.get(row.mediator_id)?.districtIds.push(interned(row.district_id));
  const slotRows = await executor.execute(
    sql`SELECT mediator_id, weekday, start_minute, end_minute FROM mediator_weekly_slots`,
  );
  for (const row of rowsOf<{ mediator_id: string; weekday: number; start_minute: number; end_minute: number }>(
    slotRows,
  )) {
    byId
      .get(row.mediator_id)
      ?.weekly.push({ weekday: row.weekday, startMinute: row.start_minute, endMinute: row.end_minute });
  }
  const timeOffRows = await executor.execute(sql`SELECT mediator_id, starts_at, ends_at FROM mediator_time_off`);
  for (const row of rowsOf<{ mediator_id: string; starts_at: string | Date; ends_at: string | Date }>(timeOffRows)) {
    byId.get(row.mediator_id)?.timeOff.push({ startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) });
  }
  const speakersByLanguage = new Map<string, MatchMediator[]>();
  const speakersByLanguageAndDistrict = new Map<string, MatchMediator[]>();
  for (const mediator of byId.values()) {
    for (const language of mediator.languages) {
      pushTo(speakersByLanguage, language.code, mediator);
      for (const districtId of mediator.districtIds)
        pushTo(speakersByLanguageAndDistrict, languageAndDistrict(language.code, districtId), mediator);
    }
  }
  return { version, speakersByLanguage, speakersByLanguageAndDistrict };
}

/**
 * Every mediator's profile, languages, districts, weekly availability and time off, kept in memory:
 * they change a few times a day, while matching reads them for every wave. Triggers bump the roster
 * version with every change to those tables (migration 0006). A reader uses the roster it has, reads
 * the version in the statement that needs the roster anyway (`ROSTER_VERSION`), in the caller's
 * transaction, and asks for `atLeast` that version when the database's is newer: so the first ranking
 * after a change commits sees it, on every instance. Bookings, load and history are not cached: they
 * change with every request.
 */
export function createRoster() {
  let loaded: LoadedRoster | undefined;
  let reloading: { version: number; roster: Promise<LoadedRoster> } | undefined;

  /** Concurrent readers of a new version share one reload, on the first reader's connection. */
  function reload(executor: Executor, version: number): Promise<LoadedRoster> {
    if (reloading?.version !== version) {
      const roster = loadRoster(executor, version).then(
        (fresh) => {
          if (!loaded || loaded.version < fresh.version) loaded = fresh;
          return fresh;
        },
        (error: unknown) => {
          reloading = undefined;
          throw error;
        },
      );
      reloading = { version, roster };
    }
    return reloading.roster;
  }

  /** A roster holding every change the database's `version` counts: versions only grow. */
  const atLeast = (executor: Executor, version: number): Promise<LoadedRoster> =>
    loaded && loaded.version >= version ? Promise.resolve(loaded) : reload(executor, version);

  return {
    atLeast,
    /** The roster loaded last, possibly older than the database's: check its version before relying on it. */
    lastLoaded: async (executor: Executor): Promise<LoadedRoster> =>
      loaded ?? atLeast(executor, await readVersion(executor)),
    /** The roster as of now: one round trip for the version. */
    current: async (executor: Executor): Promise<LoadedRoster> => atLeast(executor, await readVersion(executor)),
  };
}

export type Roster = ReturnType<typeof createRoster>;
