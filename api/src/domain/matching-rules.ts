import {
  qualificationForService,
  type ExclusionReason,
  type LanguageLevel,
  type Qualification,
  type RankingReason,
} from '@ponte/shared';
import { isLocalWindowCovered, overlapsTimeOffMs } from './availability.js';
import { blockedEndMs } from './blocked-interval.js';
import { toLocalWindow, type LocalWindow } from './local-time.js';
import type { MatchMediator, MatchRequest, MediatorHistory } from './matching.js';

/*
 * DESIGN.md's "Matching", declared once: every hard rule and every ranking part is one entry below.
 * `rankCandidates` runs all of them (the candidates panel and the gap report read every reason), and
 * the wave prefilter `profileMatches` runs the rules that read the profile alone. The SQL around the
 * matcher only reads data; where it narrows who is read, the rule's entry says so.
 */

/** Everything about the request the rules need, computed once per call rather than per mediator. */
export interface RequestContext {
  request: MatchRequest;
  requiredQualification: Qualification;
  /** The district an eligible mediator must serve, or null when the mode goes nowhere. */
  requiredDistrictId: string | null;
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
 * A rule the mediator's profile decides alone. The profile is the in-memory roster, which triggers keep
 * current (migration 0006 bumps `roster_version` on every change to mediators, mediator_languages,
 * mediator_districts, mediator_weekly_slots and mediator_time_off): a profile rule reading another table
 * needs that table in the roster and a trigger of its own.
 */
interface ProfileRule {
  reason: ExclusionReason;
  reads: 'profile';
  /** What a check costs, so the prefilter tries the cheap ones first; the order of reasons stays the table's. */
  cost: 'one field' | 'a short list' | 'time arithmetic';
  holds: (mediator: MatchMediator, context: RequestContext) => boolean;
}

/** A rule that needs what changes with every request: the history query (`match-input.repository.ts`) reads it. */
interface HistoryRule {
  reason: ExclusionReason;
  reads: 'history';
  holds: (mediator: MatchMediator, context: RequestContext, history: MediatorHistory) => boolean;
}

export type HardRule = ProfileRule | HistoryRule;

/** The hard rules in DESIGN.md's order, which is the order of `exclusionReasons` and of every reason list. */
export const HARD_RULES: readonly HardRule[] = Object.freeze([
  { reason: 'inactive', reads: 'profile', cost: 'one field', holds: (mediator) => mediator.active },
  {
    reason: 'language_not_spoken',
    reads: 'profile',
    cost: 'a short list',
    // Narrowed before the matcher: the roster lists mediators by language (`speakersOf`) and the history
    // query reads speakers alone, so a non-speaker is never ranked (the candidates endpoint lists only
    // speakers, README). The rule stays for callers that pass everyone.
    holds: (mediator, { request }) => spokenLevel(mediator, request.languageCode) !== null,
  },
  {
    reason: 'district_not_served',
    reads: 'profile',
    cost: 'a short list',
    // Narrowed before the matcher in a wave: the roster's speakers serving `requiredDistrictId` (see rosterNarrowing).
    holds: (mediator, { requiredDistrictId }) =>
      requiredDistrictId === null || mediator.districtIds.includes(requiredDistrictId),
  },
  {
    reason: 'mode_not_offered',
    reads: 'profile',
    cost: 'a short list',
    holds: (mediator, { request }) => mediator.modes.includes(request.mode),
  },
  {
    reason: 'missing_qualification',
    reads: 'profile',
    cost: 'a short list',
    holds: (mediator, { requiredQualification }) => mediator.qualifications.includes(requiredQualification),
  },
  {
    reason: 'outside_availability',
    reads: 'profile',
    cost: 'time arithmetic',
    holds: (mediator, { window }) => isLocalWindowCovered(mediator.weekly, window),
  },
  {
    reason: 'time_off',
    reads: 'profile',
    cost: 'time arithmetic',
    holds: (mediator, { startMs, endMs }) => !overlapsTimeOffMs(mediator.timeOff, startMs, endMs),
  },
  {
    reason: 'already_booked',
    reads: 'history',
    // The history query reads active bookings within a day and the travel buffer of the request, wider
    // than any booking's blocked interval, and leaves out the request's own as `holds` does; the
    // database's `assignments_no_overlap` constraint refuses a clash at write time, whoever races whom.
    holds: (_mediator, context, history) => !hasClashingAssignment(history, context),
  },
  {
    reason: 'weekly_cap_exceeded',
    reads: 'history',
    holds: (mediator, { request }, history) =>
      history.bookedMinutesInWeek + request.durationMinutes <= mediator.maxWeeklyMinutes,
  },
  {
    reason: 'gender_mismatch',
    reads: 'profile',
    cost: 'one field',
    holds: (mediator, { request }) =>
      !request.genderRequired || request.genderPreference === null || mediator.gender === request.genderPreference,
  },
  {
    reason: 'dialect_mismatch',
    reads: 'profile',
    cost: 'a short list',
    holds: (mediator, context) =>
      !context.request.dialectRequired || context.wantedDialect === null || speaksWantedDialect(mediator, context),
  },
  {
    reason: 'declined',
    reads: 'history',
    holds: (_mediator, _context, history) => history.refusedThisRequest !== 'declined',
  },
  {
    reason: 'let_expire',
    reads: 'history',
    holds: (_mediator, _context, history) => history.refusedThisRequest !== 'expired',
  },
  {
    reason: 'withdrew',
    reads: 'history',
    holds: (_mediator, _context, history) => history.refusedThisRequest !== 'withdrawn',
  },
  {
    reason: 'case_excluded',
    reads: 'history',
    // The history query reads the exclusions of the request's case (organization and case reference).
    holds: (_mediator, _context, history) => history.excludedFromCase !== true,
  },
] satisfies HardRule[]);

const COST_ORDER: Record<ProfileRule['cost'], number> = { 'one field': 0, 'a short list': 1, 'time arithmetic': 2 };

/** The profile rules, cheapest first (a stable sort keeps the table's order within a cost). */
const PREFILTER_RULES: readonly ProfileRule[] = HARD_RULES.filter(
  (rule): rule is ProfileRule => rule.reads === 'profile',
).sort((first, second) => COST_ORDER[first.cost] - COST_ORDER[second.cost]);

/**
 * Every hard rule the mediator fails, in the table's order; null when they fail none. It runs for every
 * speaker of the coordinators' list (3,109 for Arabic): one call per rule, and nothing allocated unless
 * a rule fails.
 */
export function hardRuleFailures(
  mediator: MatchMediator,
  context: RequestContext,
  history: MediatorHistory,
): ExclusionReason[] | null {
  let failures: ExclusionReason[] | null = null;
  for (const rule of HARD_RULES) {
    if (!rule.holds(mediator, context, history)) (failures ??= []).push(rule.reason);
  }
  return failures;
}

/** True when no profile rule fails: the prefilter of a wave, which has no history yet. */
export function fitsProfile(mediator: MatchMediator, context: RequestContext): boolean {
  for (const rule of PREFILTER_RULES) {
    if (!rule.holds(mediator, context)) return false;
  }
  return true;
}

/**
 * The roster lists a wave may start from instead of every mediator: the speakers of the language, and
 * for in-person work only those serving the district. The same values the language and district rules
 * test, so the narrowing drops nobody those rules would keep.
 */
export function rosterNarrowing(request: MatchRequest): { languageCode: string; districtId: string | null } {
  return { languageCode: request.languageCode, districtId: requiredDistrictIdOf(request) };
}

/**
 * Weights of the ranking parts. Each tier is worth more than everything below it together, so the
 * score orders mediators exactly like the lexicographic rule of DESIGN.md, and its decimal digits stay
 * readable: continuity, preferences matched, home district, then the fairness and level digits.
 * Among several who served the case, whoever was booked for it most recently comes first
 * (`lastBookedContinuity`, above the preferences' 2 × 10,000,000 and everything below them).
 */
const RANKING_WEIGHTS = Object.freeze({
  seriesContinuity: 1_000_000_000,
  continuity: 100_000_000,
  lastBookedContinuity: 30_000_000,
  eachPreferenceMatched: 10_000_000,
  homeDistrict: 1_000_000,
  fairnessPerMinuteNotDelivered: 10,
  level: Object.freeze({ native: 2, fluent: 1, working: 0 }) satisfies Record<LanguageLevel, number>,
});

/**
 * Nobody can deliver more than the minutes of 30 days, so the fairness term is bounded and never
 * reaches the home-district tier: (43200 × 10) + 2 < 1,000,000.
 */
const FAIRNESS_MINUTES_CEILING = 30 * 24 * 60;

const LEVEL_REASONS: Record<LanguageLevel, string> = {
  native: 'level:native',
  fluent: 'level:fluent',
  working: 'level:working',
};

/** A part of an eligible mediator's score, shown among their reasons when it applies. */
interface RankingPart {
  reason: RankingReason;
  /** The points it adds, or null when it does not apply (and is not shown). */
  points: (mediator: MatchMediator, context: RequestContext, history: MediatorHistory) => number | null;
  /** The reason shown when it carries a detail (`fairness:120`); null shows `reason` as it is. */
  detail: ((mediator: MatchMediator, context: RequestContext, history: MediatorHistory) => string) | null;
}

const minutesDeliveredOf = (history: MediatorHistory) => Math.max(0, Math.round(history.minutesDeliveredLast30Days));
// Eligible implies the language is spoken, so the level is there.
const eligibleLevel = (mediator: MatchMediator, context: RequestContext) =>
  spokenLevel(mediator, context.request.languageCode) ?? 'working';

/**
 * The mediator who served the family, among eligible candidates best first: continuity ranks them
 * above everyone else, so it is the first one when it has a continuity reason; null when none has.
 */
export function familyMediatorOf(ranked: readonly { mediatorId: string; reasons: readonly string[] }[]): string | null {
  const first = ranked[0];
  if (!first) return null;
  return first.reasons.includes('series_continuity') || first.reasons.includes('continuity') ? first.mediatorId : null;
}

/** The excluded mediators kept out by nothing but the offer of this request they let expire: a last call's. */
export function onlyLetExpire(excluded: readonly { mediatorId: string; reasons: readonly string[] }[]): string[] {
  return excluded
    .filter((candidate) => candidate.reasons.length === 1 && candidate.reasons[0] === 'let_expire')
    .map((candidate) => candidate.mediatorId);
}

/** The ranking parts, highest tier first; they run for eligible mediators only. */
export const RANKING_PARTS: readonly RankingPart[] = Object.freeze([
  {
    // A session of a series dispatched alone goes first to whoever holds its earlier sessions.
    reason: 'series_continuity',
    points: (_mediator, _context, history) =>
      history.holdsEarlierSessionOfSeries === true ? RANKING_WEIGHTS.seriesContinuity : null,
    detail: null,
  },
  {
    reason: 'continuity',
    points: (_mediator, { request }, history) => {
      if (request.caseRef === null || !history.servedCaseRefs.includes(request.caseRef)) return null;
      return (
        RANKING_WEIGHTS.continuity + (history.lastBookedForCase === true ? RANKING_WEIGHTS.lastBookedContinuity : 0)
      );
    },
    detail: null,
  },
  {
    reason: 'preferred_gender',
    // A required wish is a hard rule every eligible mediator meets, so it earns nobody a bonus.
    points: (mediator, { request }) =>
      !request.genderRequired && request.genderPreference !== null && mediator.gender === request.genderPreference
        ? RANKING_WEIGHTS.eachPreferenceMatched
        : null,
    detail: null,
  },
  {
    reason: 'preferred_dialect',
    points: (mediator, context) =>
      !context.request.dialectRequired && context.wantedDialect !== null && speaksWantedDialect(mediator, context)
        ? RANKING_WEIGHTS.eachPreferenceMatched
        : null,
    detail: null,
  },
  {
    reason: 'home_district',
    points: (mediator, { request }) =>
      mediator.homeDistrictId !== null && mediator.homeDistrictId === request.districtId
        ? RANKING_WEIGHTS.homeDistrict
        : null,
    detail: null,
  },
  {
    reason: 'fairness',
    points: (_mediator, _context, history) =>
      (FAIRNESS_MINUTES_CEILING - Math.min(minutesDeliveredOf(history), FAIRNESS_MINUTES_CEILING)) *
      RANKING_WEIGHTS.fairnessPerMinuteNotDelivered,
    detail: (_mediator, _context, history) => `fairness:${minutesDeliveredOf(history)}`,
  },
  {
    reason: 'level',
    points: (mediator, context) => RANKING_WEIGHTS.level[eligibleLevel(mediator, context)],
    detail: (mediator, context) => LEVEL_REASONS[eligibleLevel(mediator, context)],
  },
] satisfies RankingPart[]);

const MILLISECONDS_PER_MINUTE = 60_000;
const LEVEL_STRENGTH: Record<LanguageLevel, number> = { native: 0, fluent: 1, working: 2 };

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

const requiredDistrictIdOf = (request: MatchRequest): string | null =>
  request.mode === 'in_person' ? request.districtId : null;

export function prepareRequest(request: MatchRequest, travelBufferMinutes: number): RequestContext {
  const startMs = request.startsAt.getTime();
  const endMs = startMs + request.durationMinutes * MILLISECONDS_PER_MINUTE;
  const wantedDialect = request.dialect === null ? '' : normalizeDialect(request.dialect);
  return {
    request,
    requiredQualification: qualificationForService[request.serviceType],
    requiredDistrictId: requiredDistrictIdOf(request),
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

function normalizeDialect(dialect: string): string {
  return dialect.trim().toLowerCase();
}
