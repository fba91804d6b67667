import type { ExclusionReason, Gender, LanguageLevel, Mode, Qualification, ServiceType } from '@ponte/shared';
import type { TimeOff, WeeklySlotMinutes } from './availability.js';
import { fitsProfile, hardRuleFailures, prepareRequest, RANKING_PARTS, type RequestContext } from './matching-rules.js';

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
  /** Of those who served the case, was booked for it most recently: the family's mediator now. */
  lastBookedForCase?: boolean;
  /** Holds an earlier session of the request's series (the pupil keeps the same facilitator). */
  holdsEarlierSessionOfSeries?: boolean;
  /** How this mediator already turned this request down, if they did. */
  refusedThisRequest: null | 'declined' | 'expired' | 'withdrawn';
  /** A coordinator (or the mediator, withdrawing) excluded them from the request's case. */
  excludedFromCase?: boolean;
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
 * Checks every hard rule of `HARD_RULES` for every mediator (an excluded mediator lists all the rules
 * they fail, which is what the coordinators and the gap report read) and ranks the eligible ones by
 * `RANKING_PARTS`.
 */
export function rankCandidates(input: RankCandidatesInput): CandidateRanking {
  const context = prepareRequest(input.request, input.travelBufferMinutes);
  const eligible: EligibleCandidate[] = [];
  const excluded: ExcludedCandidate[] = [];

  for (const mediator of input.mediators) {
    const history = input.history.get(mediator.id) ?? EMPTY_MEDIATOR_HISTORY;
    const failures = hardRuleFailures(mediator, context, history);
    if (failures === null) eligible.push(rankEligible(mediator, history, context));
    else excluded.push({ mediatorId: mediator.id, fullName: mediator.fullName, reasons: failures });
  }

  eligible.sort((first, second) => second.score - first.score || compareIds(first.mediatorId, second.mediatorId));
  excluded.sort((first, second) => compareIds(first.mediatorId, second.mediatorId));
  return { eligible, excluded };
}

/**
 * The mediators no profile rule of `HARD_RULES` excludes: only they can be eligible, so a wave loads
 * bookings, load and history for them alone. Ranking them gives the same eligible list as ranking everyone.
 */
export function profileMatches(request: MatchRequest, mediators: readonly MatchMediator[]): MatchMediator[] {
  // The travel buffer only matters for bookings, which are not part of a profile.
  const context = prepareRequest(request, 0);
  return mediators.filter((mediator) => fitsProfile(mediator, context));
}

function rankEligible(mediator: MatchMediator, history: MediatorHistory, context: RequestContext): EligibleCandidate {
  const reasons: string[] = [];
  let score = 0;
  for (const part of RANKING_PARTS) {
    const points = part.points(mediator, context, history);
    if (points === null) continue;
    score += points;
    reasons.push(part.detail === null ? part.reason : part.detail(mediator, context, history));
  }
  return { mediatorId: mediator.id, fullName: mediator.fullName, score, reasons };
}

/** Code-unit order, not locale order, so the ranking is the same on every machine. */
function compareIds(first: string, second: string): number {
  if (first === second) return 0;
  return first < second ? -1 : 1;
}
