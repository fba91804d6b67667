import type {
  Availability,
  AvailabilityInput,
  AssignmentsQuery,
  Mediator,
  MediatorAssignment,
  MediatorCalendarLink,
  MediatorCreate,
  MediatorLanguage,
  MediatorListQuery,
  MediatorPatch,
  MediatorSummary,
} from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { formatClockMinutes, parseClockMinutes } from '../../domain/availability.js';
import { AppError, badRequest, notFound, type FieldError } from '../../lib/errors.js';
import { newOpaqueToken } from '../../lib/tokens.js';
import type { Caller } from '../../plugins/auth.js';
import type { Dispatcher } from '../dispatch/dispatch.service.js';
import { mediatorsRepository, type MediatorLanguageRow, type MediatorRow } from './mediators.repository.js';

/** What a mediator may change on their own profile; languages only in their dialects. */
const SELF_EDITABLE_FIELDS = new Set<keyof MediatorPatch>(['phone', 'modes', 'districtIds', 'languages']);

/**
 * Coordinator-only fields a mediator may still send unchanged, as a form echoing the whole profile does.
 * Qualifications (an accreditation) and active are missing on purpose: a mediator may never send them.
 */
const unchangedChecks: Partial<Record<keyof MediatorPatch, (patch: MediatorPatch, current: MediatorRow) => boolean>> = {
  fullName: (patch, current) => patch.fullName === current.fullName,
  email: (patch, current) => patch.email?.toLowerCase() === current.email.toLowerCase(),
  gender: (patch, current) => (patch.gender ?? null) === current.gender,
  maxWeeklyMinutes: (patch, current) => patch.maxWeeklyMinutes === current.maxWeeklyMinutes,
  homeDistrictId: (patch, current) => patch.homeDistrictId === current.homeDistrictId,
};

interface Relations {
  languages: MediatorLanguage[];
  districtIds: string[];
}

const toLanguage = (row: MediatorLanguageRow): MediatorLanguage => ({
  code: row.languageCode,
  dialects: row.dialects,
  level: row.level,
});

const toSummary = (row: MediatorRow, relations: Relations): MediatorSummary => ({
  id: row.id,
  fullName: row.fullName,
  email: row.email,
  phone: row.phone,
  gender: row.gender,
  languages: relations.languages,
  districtIds: relations.districtIds,
  homeDistrictId: row.homeDistrictId,
  modes: row.modes,
  qualifications: row.qualifications,
  maxWeeklyMinutes: row.maxWeeklyMinutes,
  active: row.active,
});

const withoutDuplicates = (values: string[]) => [...new Set(values)];

/** A coordinator reaches every mediator, a mediator only themself; to anyone else the id does not exist. */
function assertMayAccess(caller: Caller, mediatorId: string) {
  if (caller.role === 'coordinator') return;
  if (caller.role === 'mediator' && caller.mediatorId === mediatorId) return;
  throw notFound('Mediator');
}

/** The changes of a patch a mediator may not make to their own profile, each named. */
function fieldsForbiddenToMediator(
  patch: MediatorPatch,
  current: MediatorRow,
  currentLanguages: MediatorLanguage[],
): FieldError[] {
  const forbidden: FieldError[] = [];
  for (const field of Object.keys(patch) as (keyof MediatorPatch)[]) {
    if (patch[field] === undefined || SELF_EDITABLE_FIELDS.has(field)) continue;
    if (!unchangedChecks[field]?.(patch, current))
      forbidden.push({ path: field, message: 'only a coordinator may change this' });
  }
  if (patch.languages && !sameCodesAndLevels(patch.languages, currentLanguages)) {
    forbidden.push({
      path: 'languages',
      message: 'only the dialects of your languages may change; ask a coordinator for the rest',
    });
  }
  return forbidden;
}

function sameCodesAndLevels(wanted: MediatorLanguage[], current: MediatorLanguage[]): boolean {
  if (wanted.length !== current.length) return false;
  const levels = new Map(current.map((language) => [language.code, language.level]));
  return wanted.every((language) => levels.get(language.code) === language.level);
}

export function createMediatorsService({ db, clock, config }: AppContext, dispatcher: Dispatcher) {
  const calendarUrl = (mediatorId: string, token: string) =>
    `${config.publicUrl}/api/mediators/${mediatorId}/calendar.ics?token=${token}`;

  async function loadRelations(executor: Executor, mediatorIds: string[]): Promise<Map<string, Relations>> {
    const [languageRows, districtRows] = await Promise.all([
      mediatorsRepository.findLanguagesOfMediators(executor, mediatorIds),
      mediatorsRepository.findDistrictsOfMediators(executor, mediatorIds),
    ]);
    const relations = new Map<string, Relations>(mediatorIds.map((id) => [id, { languages: [], districtIds: [] }]));
    for (const row of languageRows) relations.get(row.mediatorId)?.languages.push(toLanguage(row));
    for (const row of districtRows) relations.get(row.mediatorId)?.districtIds.push(row.districtId);
    return relations;
  }

  async function toMediator(executor: Executor, row: MediatorRow): Promise<Mediator> {
    const relations = (await loadRelations(executor, [row.id])).get(row.id) ?? { languages: [], districtIds: [] };
    return {
      ...toSummary(row, relations),
      calendarUrl: calendarUrl(row.id, row.calendarToken),
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Every language code and district of the input must exist; all unknown ones are named at once. */
  async function assertReferencesExist(
    executor: Executor,
    input: Pick<MediatorPatch, 'languages' | 'districtIds' | 'homeDistrictId'>,
  ) {
    const codes = input.languages?.map((language) => language.code) ?? [];
    const districtIds = [
      ...(input.districtIds ?? []),
      ...(input.homeDistrictId === undefined ? [] : [input.homeDistrictId]),
    ];
    const [knownCodes, knownDistricts] = await Promise.all([
      mediatorsRepository.findExistingLanguageCodes(executor, withoutDuplicates(codes)),
      mediatorsRepository.findExistingDistrictIds(executor, withoutDuplicates(districtIds)),
    ]);
    const errors: FieldError[] = [];
    input.languages?.forEach((language, index) => {
      if (!knownCodes.has(language.code)) errors.push({ path: `languages.${index}.code`, message: 'no such language' });
    });
    input.districtIds?.forEach((districtId, index) => {
      if (!knownDistricts.has(districtId)) errors.push({ path: `districtIds.${index}`, message: 'no such district' });
    });
    if (input.homeDistrictId !== undefined && !knownDistricts.has(input.homeDistrictId)) {
      errors.push({ path: 'homeDistrictId', message: 'no such district' });
    }
    if (errors.length > 0) throw badRequest(`Invalid ${errors.map((error) => error.path).join(', ')}`, errors);
  }

  const normalizeLanguages = (spoken: MediatorLanguage[]) =>
    spoken.map((language) => ({ ...language, dialects: withoutDuplicates(language.dialects) }));

  return {
    async list(query: MediatorListQuery): Promise<{ items: MediatorSummary[]; total: number }> {
      const filter = { languageCode: query.language, districtId: query.districtId, active: query.active };
      const { items, total } = await mediatorsRepository.list(db, filter, query);
      const relations = await loadRelations(
        db,
        items.map((row) => row.id),
      );
      return {
        items: items.map((row) => toSummary(row, relations.get(row.id) ?? { languages: [], districtIds: [] })),
        total,
      };
    },

    async create(input: MediatorCreate): Promise<Mediator> {
      await assertReferencesExist(db, input);
      return db.transaction(async (transaction) => {
        const row = await mediatorsRepository.insert(transaction, {
          fullName: input.fullName,
          email: input.email.toLowerCase(),
          phone: input.phone,
          gender: input.gender ?? null,
          homeDistrictId: input.homeDistrictId,
          modes: input.modes,
          qualifications: input.qualifications,
          maxWeeklyMinutes: input.maxWeeklyMinutes,
          active: input.active ?? true,
          calendarToken: newOpaqueToken(),
        });
        await mediatorsRepository.replaceLanguages(transaction, row.id, normalizeLanguages(input.languages));
        await mediatorsRepository.replaceDistricts(transaction, row.id, input.districtIds);
        return toMediator(transaction, row);
      });
    },

    async get(caller: Caller, id: string): Promise<Mediator> {
      assertMayAccess(caller, id);
      const row = await mediatorsRepository.findById(db, id);
      if (!row) throw notFound('Mediator');
      return toMediator(db, row);
    },

    async update(caller: Caller, id: string, patch: MediatorPatch): Promise<Mediator> {
      assertMayAccess(caller, id);
      let deactivated = false;
      const updated = await db.transaction(async (transaction) => {
        const current = await mediatorsRepository.findByIdForUpdate(transaction, id);
        if (!current) throw notFound('Mediator');
        if (caller.role !== 'coordinator') {
          const currentLanguages = (await loadRelations(transaction, [id])).get(id)?.languages ?? [];
          const forbidden = fieldsForbiddenToMediator(patch, current, currentLanguages);
          if (forbidden.length > 0) {
            throw new AppError(
              'FORBIDDEN',
              403,
              `A mediator may not change ${forbidden.map((error) => error.path).join(', ')}`,
              forbidden,
            );
          }
        }
        await assertReferencesExist(transaction, patch);
        const { languages, districtIds, email, ...columns } = patch;
        // drizzle leaves out the columns whose value is undefined, so only the sent fields change.
        const row =
          (await mediatorsRepository.update(transaction, id, {
            ...columns,
            email: email?.toLowerCase(),
            updatedAt: clock.now(),
          })) ?? current;
        if (languages) await mediatorsRepository.replaceLanguages(transaction, id, normalizeLanguages(languages));
        if (districtIds) await mediatorsRepository.replaceDistricts(transaction, id, districtIds);
        deactivated = current.active && !row.active;
        return toMediator(transaction, row);
      });
      // Their pending offers go, and those requests move on, once the deactivation has committed.
      if (deactivated) await dispatcher.withdrawOffersOf(id);
      return updated;
    },

    async getAvailability(caller: Caller, id: string): Promise<Availability> {
      assertMayAccess(caller, id);
      if (!(await mediatorsRepository.findById(db, id))) throw notFound('Mediator');
      return readAvailability(db, id);
    },

    /** Replaces the weekly slots and the time off together: a reader never sees half of an edit. */
    async replaceAvailability(caller: Caller, id: string, input: AvailabilityInput): Promise<Availability> {
      assertMayAccess(caller, id);
      return db.transaction(async (transaction) => {
        if (!(await mediatorsRepository.findByIdForUpdate(transaction, id))) throw notFound('Mediator');
        await mediatorsRepository.replaceWeeklySlots(
          transaction,
          id,
          input.weekly.map((slot) => ({
            weekday: slot.weekday,
            startMinute: parseClockMinutes(slot.start),
            endMinute: parseClockMinutes(slot.end),
          })),
        );
        await mediatorsRepository.replaceTimeOff(
          transaction,
          id,
          input.timeOff.map((period) => ({
            startsAt: new Date(period.startsAt),
            endsAt: new Date(period.endsAt),
            reason: period.reason || null,
          })),
        );
        return readAvailability(transaction, id);
      });
    },

    async listAssignments(caller: Caller, id: string, query: AssignmentsQuery): Promise<MediatorAssignment[]> {
      assertMayAccess(caller, id);
      if (!(await mediatorsRepository.findById(db, id))) throw notFound('Mediator');
      const rows = await mediatorsRepository.findAssignmentsWithRequests(db, id, {
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      });
      return rows.map((row) => ({ ...row, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() }));
    },

    /** A new secret for the calendar feed; the old URL stops working at once. */
    async regenerateCalendarToken(caller: Caller, id: string): Promise<MediatorCalendarLink> {
      assertMayAccess(caller, id);
      const token = newOpaqueToken();
      const row = await mediatorsRepository.update(db, id, { calendarToken: token, updatedAt: clock.now() });
      if (!row) throw notFound('Mediator');
      return { calendarUrl: calendarUrl(id, token) };
    },
  };
}

async function readAvailability(executor: Executor, mediatorId: string): Promise<Availability> {
  const [slots, periods] = await Promise.all([
    mediatorsRepository.findWeeklySlots(executor, mediatorId),
    mediatorsRepository.findTimeOff(executor, mediatorId),
  ]);
  return {
    weekly: slots.map((slot) => ({
      weekday: slot.weekday,
      start: formatClockMinutes(slot.startMinute),
      end: formatClockMinutes(slot.endMinute),
    })),
    timeOff: periods.map((period) => ({
      id: period.id,
      startsAt: period.startsAt.toISOString(),
      endsAt: period.endsAt.toISOString(),
      ...(period.reason === null ? {} : { reason: period.reason }),
    })),
  };
}

export type MediatorsService = ReturnType<typeof createMediatorsService>;
