import {
  qualificationForService,
  type ExclusionReason,
  type Gender,
  type LanguageLevel,
  type Mode,
  type Qualification,
  type ServiceType,
} from '@ponte/shared';
import { isLocalWindowCovered, overlapsTimeOffMs, type TimeOff, type WeeklySlotMinutes } from './availability.js';
import { blockedEndMs } from './blocked-interval.js';
import { toLocalWindow, type LocalWindow } from './local-time.js';

export { blockedInterval, blockedIntervalsOverlap, type BlockedInterval } from './blocked-interval.js';

export { exclusionReasons, rankingReasons, type ExclusionReason, type RankingReason } from '@ponte/shared';

export interface MatchRequest {
  id: string;
  serviceType: ServiceType;
  languageCode: string;
  dialect: string | null;
  mode: Mode;
  startsAt: Date;
  durationMinutes: number;
  districtId: string;
  genderPreference: Gender | null;
  genderRequired: boolean;
  dialectRequired: boolean;
  caseRef: string | null;
}

export interface MatchMediator {
  id: string;
  fullName: string;
  active: boolean;
  gender: Gender | null;
  languages: { code: string; dialects: string[]; level: LanguageLevel }[];
  districtIds: string[];
  homeDistrictId: string | null;
  modes: Mode[];
  qualifications: Qualification[];
  maxWeeklyMinutes: number;
  /** Europe/Rome wall clock, in minutes (`toSlotMinutes` converts "HH:MM" slots). */
  weekly: WeeklySlotMinutes[];
  timeOff: TimeOff[];
}

export interface MediatorAssignmentSummary {
  requestId: string;
  startsAt: Date;
  endsAt: Date;
  mode: Mode;
}

export interface MediatorHistory {
  /** Active bookings around the request. */
  assignments: MediatorAssignmentSummary[];
  /** Minutes of active and completed assignments in the request's local week, this request excluded. */
  bookedMinutesInWeek: number;
  minutesDeliveredLast30Days: number;
  servedCaseRefs: string[];
  /** How this mediator already turned this request down, if they did. */
  refusedThisRequest: null | 'declined' | 'expired' | 'withdrawn';
}

export interface RankCandidatesInput {
  request: MatchRequest;
  mediators: readonly MatchMediator[];
  history: ReadonlyMap<string, MediatorHistory>;
  travelBufferMinutes: number;
}

export interface EligibleCandidate {
  mediatorId: string;
  fullName: string;
  score: number;
  reasons: string[];
}

export interface ExcludedCandidate {
  mediatorId: string;
  fullName: string;
  reasons: ExclusionReason[];
}

export interface CandidateRanking {
  /** Best first: score descending, then id ascending. */
  eligible: EligibleCandidate[];
  /** By id ascending. */
  excluded: ExcludedCandidate[];
}

const EMPTY_MEDIATOR_HISTORY: MediatorHistory = Object.freeze({
  assignments: [],
  bookedMinutesInWeek: 0,
  minutesDeliveredLast30Days: 0,
  servedCaseRefs: [],
  refusedThisRequest: null,
});

/**
 * Weights of the ranking tiers. Each tier is worth more than everything below it together, so the
 * score orders mediators exactly like the lexicographic rule of DESIGN.md, and its decimal digits stay
 * readable: continuity, preferences matched, home district, then the fairness and level digits.
 */
export const RANKING_WEIGHTS = Object.freeze({
  continuity: 100_000_000,
  eachPreferenceMatched: 10_000_000,
  homeDistrict: 1_000_000,
  fairnessPerMinuteNotDelivered: 10,
  level: Object.freeze({ native: 2, fluent: 1, working: 0 }) satisfies Record<LanguageLevel, number>,
});

/**
 * Nobody can deliver more than the minutes of 30 days, so the fairness term is bounded and never
 * reaches the home-district tier: (43200 × 10) + 2 < 1,000,000.
 */
export const FAIRNESS_MINUTES_CEILING = 30 * 24 * 60;

const MILLISECONDS_PER_MINUTE = 60_000;
const LEVEL_STRENGTH: Record<LanguageLevel, number> = { native: 0, fluent: 1, working: 2 };
const LEVEL_REASONS: Record<LanguageLevel, string> = {
  native: 'level:native',
  fluent: 'level:fluent',
  working: 'level:working',
};

/**
 * Checks every hard rule for every mediator (an excluded mediator lists all the rules they fail, which
 * is what the coordinators and the gap report read) and ranks the eligible ones.
 */
export function rankCandidates(input: RankCandidatesInput): CandidateRanking {
  const context = prepareRequest(input.request, input.travelBufferMinutes);
  const eligible: EligibleCandidate[] = [];
  const excluded: ExcludedCandidate[] = [];

  for (const mediator of input.mediators) {
    const history = input.history.get(mediator.id) ?? EMPTY_MEDIATOR_HISTORY;
    const level = spokenLevel(mediator, context.request.languageCode);
    const dialectMatched = context.wantedDialect !== null && speaksWantedDialect(mediator, context);
    const failures = hardRuleFailures(mediator, history, level, dialectMatched, context);
    if (failures.length > 0) {
      excluded.push({ mediatorId: mediator.id, fullName: mediator.fullName, reasons: failures });
    } else {
      // Eligible implies the language is spoken, so the level is there.
      eligible.push(rankEligible(mediator, history, level ?? 'working', dialectMatched, context));
    }
  }

  eligible.sort((first, second) => second.score - first.score || compareIds(first.mediatorId, second.mediatorId));
  excluded.sort((first, second) => compareIds(first.mediatorId, second.mediatorId));
  return { eligible, excluded };
}

/**
 * The mediators whose profile (languages, districts, modes, qualifications, weekly availability, time
 * off, gender, dialect) lets them take the request: only they can be eligible, so a wave loads bookings,
 * load and history for them alone. Ranking them gives the same eligible list as ranking everyone.
 */
export function profileMatches(request: MatchRequest, mediators: readonly MatchMediator[]): MatchMediator[] {
  // The travel buffer only matters for bookings, which are not part of a profile.
  const context = prepareRequest(request, 0);
  return mediators.filter((mediator) => fitsProfile(mediator, context));
}

/** Everything about the request the rules need, computed once per call rather than per mediator. */
interface RequestContext {
  request: MatchRequest;
  requiredQualification: Qualification;
  window: LocalWindow;
  startMs: number;
  endMs: number;
  blockedEndMs: number;
  travelBufferMinutes: number;
  wantedDialect: string | null;
  /** Mediators share a handful of dialect spellings: normalize each spelling once per call. */
  dialectSpellingMatches: Map<string, boolean>;
}

/**
 * A wave checks profiles and then ranks the same request: its local window (~25 µs of time-zone work)
 * is worked out once per request object. Requests are never modified once built.
 */
const localWindows = new WeakMap<MatchRequest, LocalWindow>();

function localWindowOf(request: MatchRequest): LocalWindow {
  let window = localWindows.get(request);
  if (!window) {
    window = toLocalWindow(request.startsAt, request.durationMinutes);
    localWindows.set(request, window);
  }
  return window;
}

function prepareRequest(request: MatchRequest, travelBufferMinutes: number): RequestContext {
  const startMs = request.startsAt.getTime();
  const endMs = startMs + request.durationMinutes * MILLISECONDS_PER_MINUTE;
  const wantedDialect = request.dialect === null ? '' : normalizeDialect(request.dialect);
  return {
    request,
    requiredQualification: qualificationForService[request.serviceType],
    window: localWindowOf(request),
    startMs,
    endMs,
    blockedEndMs: blockedEndMs(endMs, request.mode, travelBufferMinutes),
    travelBufferMinutes,
    wantedDialect: wantedDialect === '' ? null : wantedDialect,
    dialectSpellingMatches: new Map(),
  };
}

/** The mediator's best level in the language, or null when they do not speak it. */
function spokenLevel(mediator: MatchMediator, languageCode: string): LanguageLevel | null {
  let best: LanguageLevel | null = null;
  for (const language of mediator.languages) {
    if (language.code !== languageCode) continue;
    if (best === null || LEVEL_STRENGTH[language.level] < LEVEL_STRENGTH[best]) best = language.level;
  }
  return best;
}

function speaksWantedDialect(mediator: MatchMediator, context: RequestContext): boolean {
  for (const language of mediator.languages) {
    if (language.code !== context.request.languageCode) continue;
    for (const dialect of language.dialects) {
      let matches = context.dialectSpellingMatches.get(dialect);
      if (matches === undefined) {
        matches = normalizeDialect(dialect) === context.wantedDialect;
        context.dialectSpellingMatches.set(dialect, matches);
      }
      if (matches) return true;
    }
  }
  return false;
}

/*
 * The hard rules a mediator's profile decides alone (no bookings, load or refusals needed), one predicate
 * each: `hardRuleFailures` lists every rule a mediator fails, `fitsProfile` stops at the first profile rule failed.
 */
const servesDistrict = (mediator: MatchMediator, { request }: RequestContext) =>
  request.mode !== 'in_person' || mediator.districtIds.includes(request.districtId);
const offersMode = (mediator: MatchMediator, { request }: RequestContext) => mediator.modes.includes(request.mode);
const isQualified = (mediator: MatchMediator, context: RequestContext) =>
  mediator.qualifications.includes(context.requiredQualification);
const isAvailable = (mediator: MatchMediator, context: RequestContext) =>
  isLocalWindowCovered(mediator.weekly, context.window);
const isOnTimeOff = (mediator: MatchMediator, context: RequestContext) =>
  overlapsTimeOffMs(mediator.timeOff, context.startMs, context.endMs);
const meetsGenderRequirement = (mediator: MatchMediator, { request }: RequestContext) =>
  !request.genderRequired || request.genderPreference === null || mediator.gender === request.genderPreference;
const meetsDialectRequirement = (dialectMatched: boolean, { request, wantedDialect }: RequestContext) =>
  !request.dialectRequired || wantedDialect === null || dialectMatched;

/** Every hard rule the mediator fails, in DESIGN.md's order (the order of `exclusionReasons`). */
function hardRuleFailures(
  mediator: MatchMediator,
  history: MediatorHistory,
  level: LanguageLevel | null,
  dialectMatched: boolean,
  context: RequestContext,
): ExclusionReason[] {
  const failures: ExclusionReason[] = [];
  if (!mediator.active) failures.push('inactive');
  if (level === null) failures.push('language_not_spoken');
  if (!servesDistrict(mediator, context)) failures.push('district_not_served');
  if (!offersMode(mediator, context)) failures.push('mode_not_offered');
  if (!isQualified(mediator, context)) failures.push('missing_qualification');
  if (!isAvailable(mediator, context)) failures.push('outside_availability');
  if (isOnTimeOff(mediator, context)) failures.push('time_off');
  if (hasClashingAssignment(history, context)) failures.push('already_booked');
  if (history.bookedMinutesInWeek + context.request.durationMinutes > mediator.maxWeeklyMinutes)
    failures.push('weekly_cap_exceeded');
  if (!meetsGenderRequirement(mediator, context)) failures.push('gender_mismatch');
  if (!meetsDialectRequirement(dialectMatched, context)) failures.push('dialect_mismatch');
  if (history.refusedThisRequest === 'declined') failures.push('declined');
  if (history.refusedThisRequest === 'expired') failures.push('let_expire');
  if (history.refusedThisRequest === 'withdrawn') failures.push('withdrew');
  return failures;
}

/** True when no profile rule of `hardRuleFailures` fails: the cheap checks first, nothing allocated. */
function fitsProfile(mediator: MatchMediator, context: RequestContext): boolean {
  return (
    mediator.active &&
    offersMode(mediator, context) &&
    isQualified(mediator, context) &&
    servesDistrict(mediator, context) &&
    meetsGenderRequirement(mediator, context) &&
    spokenLevel(mediator, context.request.languageCode) !== null &&
    meetsDialectRequirement(context.wantedDialect !== null && speaksWantedDialect(mediator, context), context) &&
    !isOnTimeOff(mediator, context) &&
    isAvailable(mediator, context)
  );
}

function hasClashingAssignment(history: MediatorHistory, context: RequestContext): boolean {
  for (const assignment of history.assignments) {
    // The request's own booking (a coordinator looking at an assigned request) is not a clash.
    if (assignment.requestId === context.request.id) continue;
    const assignmentStartMs = assignment.startsAt.getTime();
    const assignmentBlockedEndMs = blockedEndMs(
      assignment.endsAt.getTime(),
      assignment.mode,
      context.travelBufferMinutes,
    );
    if (assignmentStartMs < context.blockedEndMs && context.startMs < assignmentBlockedEndMs) return true;
  }
  return false;
}

function rankEligible(
  mediator: MatchMediator,
  history: MediatorHistory,
  level: LanguageLevel,
  dialectMatched: boolean,
  context: RequestContext,
): EligibleCandidate {
  const { request } = context;
  const reasons: string[] = [];
  let score = 0;

  if (request.caseRef !== null && history.servedCaseRefs.includes(request.caseRef)) {
    score += RANKING_WEIGHTS.continuity;
    reasons.push('continuity');
  }
  // A required wish is a hard rule every eligible mediator meets, so it earns nobody a bonus.
  if (!request.genderRequired && request.genderPreference !== null && mediator.gender === request.genderPreference) {
    score += RANKING_WEIGHTS.eachPreferenceMatched;
    reasons.push('preferred_gender');
  }
  if (!request.dialectRequired && context.wantedDialect !== null && dialectMatched) {
    score += RANKING_WEIGHTS.eachPreferenceMatched;
    reasons.push('preferred_dialect');
  }
  if (mediator.homeDistrictId !== null && mediator.homeDistrictId === request.districtId) {
    score += RANKING_WEIGHTS.homeDistrict;
    reasons.push('home_district');
  }

  const minutesDelivered = Math.max(0, Math.round(history.minutesDeliveredLast30Days));
  score +=
    (FAIRNESS_MINUTES_CEILING - Math.min(minutesDelivered, FAIRNESS_MINUTES_CEILING)) *
    RANKING_WEIGHTS.fairnessPerMinuteNotDelivered;
  reasons.push(`fairness:${minutesDelivered}`);

  score += RANKING_WEIGHTS.level[level];
  reasons.push(LEVEL_REASONS[level]);

  return { mediatorId: mediator.id, fullName: mediator.fullName, score, reasons };
}

function normalizeDialect(dialect: string): string {
  return dialect.trim().toLowerCase();
}

/** Code-unit order, not locale order, so the ranking is the same on every machine. */
function compareIds(first: string, second: string): number {
  if (first === second) return 0;
  return first < second ? -1 : 1;
}
