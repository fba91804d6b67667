import type { RequestDetail, RequestSubject, RequestSummary, Role } from '@ponte/shared';
import type { RequestRow, RequestWithNames, TimelineRow } from './requests.repository.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The summary part of a request's detail. The list builds the same summary in SQL (request-list.query.ts);
 * test/api/request-list.test.ts holds the two equal, key for key.
 */
export function toRequestSummary({
  request,
  organizationName,
  mediatorName,
  mediatorPhone,
  fundingLineName,
}: RequestWithNames): RequestSummary {
  return {
    id: request.id,
    organizationId: request.organizationId,
    organizationName,
    serviceType: request.serviceType,
    languageCode: request.languageCode,
    dialect: request.dialect,
    mode: request.mode,
    originalMode: request.originalMode,
    remoteFallback: request.remoteFallback,
    startsAt: request.startsAt.toISOString(),
    durationMinutes: request.durationMinutes,
    districtId: request.districtId,
    municipality: request.locationMunicipality,
    status: request.status,
    lateCancellation: request.lateCancellation,
    awaitingConfirmation: request.status === 'completed' && request.confirmedAt === null,
    assignedMediator:
      request.assignedMediatorId && mediatorName
        ? { id: request.assignedMediatorId, fullName: mediatorName, phone: mediatorPhone ?? '' }
        : null,
    caseRef: request.caseRef,
    fundingLineId: request.fundingLineId,
    fundingLineName: request.fundingLineId ? fundingLineName : null,
    overBudget: request.overBudget,
    seriesId: request.seriesId ?? null,
    createdAt: request.createdAt.toISOString(),
  };
}

/** Timeline events about offers: who was offered, who declined, whose offer expired. */
const OFFER_EVENTS = new Set(['offers_sent', 'offers_expired', 'offer_declined']);

/**
 * Who was offered a request, declined it or let an offer expire is the provider's business: coordinators
 * see who, everyone else the counts only (issue 13, point 5). The assigned mediator is named elsewhere.
 */
function timelineEntryFor(viewer: Role, entry: TimelineRow): RequestDetail['timeline'][number] {
  const actor = entry.actorId
    ? { userId: entry.actorId, name: entry.actorName ?? '', role: entry.actorRole ?? '' }
    : null;
  if (viewer === 'coordinator' || !OFFER_EVENTS.has(entry.type))
    return { at: entry.at, type: entry.type, actor, data: entry.data };
  const { mediatorIds, mediatorId, ...data } = entry.data;
  const count = Array.isArray(mediatorIds) ? mediatorIds.length : mediatorId === undefined ? undefined : 1;
  return { at: entry.at, type: entry.type, actor: null, data: { ...(count === undefined ? {} : { count }), ...data } };
}

export function toRequestDetail(
  named: RequestWithNames,
  timeline: TimelineRow[],
  pendingOffers: number,
  viewer: Role,
): RequestDetail {
  const request: RequestRow = named.request;
  return {
    ...toRequestSummary(named),
    location: request.locationAddress
      ? { address: request.locationAddress, municipality: request.locationMunicipality }
      : null,
    genderPreference: request.genderPreference,
    genderRequired: request.genderRequired,
    dialectRequired: request.dialectRequired,
    subject: (request.subject as RequestSubject | null) ?? null,
    contactName: request.contactName,
    contactPhone: request.contactPhone,
    notes: request.notes,
    cancelReason: request.cancelReason,
    completion:
      request.completedAt && request.outcome
        ? {
            actualMinutes: request.actualMinutes ?? 0,
            outcome: request.outcome,
            note: request.completionNote,
            completedAt: request.completedAt.toISOString(),
          }
        : null,
    confirmation:
      request.confirmedAt && request.confirmed !== null
        ? {
            confirmed: request.confirmed,
            rating: request.rating,
            comment: request.confirmationComment,
            at: request.confirmedAt.toISOString(),
          }
        : null,
    dispatch: {
      tier: (request.dispatchPlan as { tier?: string } | null)?.tier ?? 'urgent',
      wave: request.waveNumber,
      deadline: iso(request.dispatchDeadline),
      pendingOffers,
    },
    timeline: timeline.map((entry) => timelineEntryFor(viewer, entry)),
  };
}
