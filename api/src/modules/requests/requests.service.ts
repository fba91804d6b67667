import { createHash } from 'node:crypto';
import { serviceTypesByKind, type RequestCreate as RequestCreateSchema, type RequestDetail } from '@ponte/shared';
import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { canSeeRequest } from '../../domain/request-access.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import type { Dispatcher } from '../dispatch/dispatch.service.js';
import { describeRequest } from './request-detail.js';
import { toRequestDetail, toRequestSummary } from './request-mapper.js';
import { requestsRepository, type RequestFilter } from './requests.repository.js';

type RequestCreateInput = z.output<typeof RequestCreateSchema>;
const PAST_TOLERANCE_MS = 60_000;

/** Stable across key order, so a retry of the same body matches whatever the client's serializer did. */
function bodyHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, item]) => [key, canonical(item)]),
        )
      : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

export function createRequestsService(context: AppContext, dispatcher: Dispatcher) {
  const { db, clock, config, log } = context;

  async function validateCreate(caller: Caller, input: RequestCreateInput) {
    const organizationId = caller.role === 'requester' ? caller.organizationId : input.organizationId;
    if (caller.role === 'requester' && input.organizationId && input.organizationId !== caller.organizationId)
      throw notFound('Organization');
    if (!organizationId) throw fieldError('organizationId', 'is required for a coordinator');
    const found = await requestsRepository.findOrganizationForCreate(db, organizationId, input.languageCode);
    if (!found) throw fieldError('organizationId', 'no such organization');
    const { organization } = found;
    if (!(serviceTypesByKind[organization.kind] as readonly string[]).includes(input.serviceType)) {
      throw fieldError(
        'serviceType',
        `is not a service of a ${organization.kind === 'school' ? 'school' : 'social service'} (${serviceTypesByKind[organization.kind].join(', ')})`,
      );
    }
    if (!found.languageKnown) throw fieldError('languageCode', 'is not a language Ponte knows');
    const startsAt = new Date(input.startsAt);
    if (startsAt.getTime() < clock.now().getTime() - PAST_TOLERANCE_MS) throw fieldError('startsAt', 'is in the past');
    if (input.genderRequired && !input.genderPreference)
      throw fieldError('genderPreference', 'is required when genderRequired is true');
    if (input.dialectRequired && !input.dialect)
      throw fieldError('dialect', 'is required when dialectRequired is true');
    const location = input.location ?? { address: organization.address, municipality: organization.municipality };
    const districtId = input.location
      ? await requestsRepository.findDistrictOfMunicipality(db, location.municipality)
      : organization.districtId;
    if (!districtId) throw fieldError('location.municipality', 'is not in a district Ponte serves');
    return { organization, startsAt, location, districtId };
  }

  /** The first answer to this key, or undefined when this request is the first to claim it. */
  async function claimIdempotencyKey(
    executor: Executor,
    userId: string,
    key: string,
    hash: string,
  ): Promise<RequestDetail | undefined> {
    if (await requestsRepository.claimIdempotencyKey(executor, userId, key, hash)) return undefined;
    // The unique key made us wait for the first request to commit; its row is now visible.
    const existing = await requestsRepository.findIdempotencyKey(executor, userId, key);
    if (!existing || existing.bodyHash !== hash) {
      throw new AppError('IDEMPOTENCY_MISMATCH', 422, 'This Idempotency-Key was already used with a different body');
    }
    return existing.response as RequestDetail;
  }

  return {
    async create(
      caller: Caller,
      input: RequestCreateInput,
      idempotencyKey?: string,
    ): Promise<{ replayed: boolean; request: RequestDetail }> {
      const { organization, startsAt, location, districtId } = await validateCreate(caller, input);
      return db.transaction(async (transaction) => {
        const hash = bodyHash({ ...input, organizationId: organization.id });
        if (idempotencyKey) {
          const replay = await claimIdempotencyKey(transaction, caller.sub, idempotencyKey, hash);
          if (replay) return { replayed: true, request: replay };
        }
        const inserted = await dispatcher.start(transaction, caller, {
          organizationId: organization.id,
          createdByUserId: caller.sub,
          serviceType: input.serviceType,
          languageCode: input.languageCode,
          dialect: input.dialect ?? null,
          mode: input.mode,
          startsAt,
          durationMinutes: input.durationMinutes,
          districtId,
          locationAddress: location.address,
          locationMunicipality: location.municipality,
          genderPreference: input.genderPreference ?? null,
          genderRequired: input.genderRequired,
          dialectRequired: input.dialectRequired,
          caseRef: input.caseRef ?? null,
          subject: input.subject ?? null,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          notes: input.notes ?? null,
        });
        const request = await describeRequest(transaction, inserted.id, caller);
        if (idempotencyKey) {
          await requestsRepository.storeIdempotentResponse(transaction, caller.sub, idempotencyKey, {
            requestId: inserted.id,
            body: request,
          });
        }
        return { replayed: false, request };
      });
    },

    async list(caller: Caller, filter: RequestFilter, page: { limit: number; offset: number }) {
      if (caller.role === 'requester' && !caller.organizationId) return { items: [], total: 0 };
      const scoped =
        caller.role === 'requester' ? { ...filter, organizationId: caller.organizationId ?? undefined } : filter;
      const { items, total } = await requestsRepository.list(db, scoped, page, clock.now());
      return { items: items.map(toRequestSummary), total };
    },

    async get(caller: Caller, id: string): Promise<RequestDetail> {
      const named = await requestsRepository.findDetail(db, id);
      if (!named || !canSeeRequest(caller, named.request)) throw notFound('Request');
      if (named.organizationKind === 'social_service' && caller.role !== 'requester') {
        // DESIGN.md, Privacy: reading a social-service request from outside its organization is logged.
        log.info(
          { audit: 'social_service_request_read', requestId: id, userId: caller.sub, role: caller.role },
          'social-service request read from outside its organization',
        );
      }
      return toRequestDetail(named, named.timeline, named.pendingOffers, caller.role);
    },

    async candidates(id: string) {
      const row = await requestsRepository.findById(db, id);
      if (!row) throw notFound('Request');
      const ranking = await dispatcher.rank(db, row, clock.now());
      return { eligible: ranking.eligible, excluded: ranking.excluded };
    },

    cancel: (caller: Caller, id: string, reason: string) => dispatcher.cancel(caller, id, reason),
    approve: (caller: Caller, id: string, reason?: string) => dispatcher.approve(caller, id, reason),
    reject: (caller: Caller, id: string, reason?: string) => dispatcher.reject(caller, id, reason),
    moveCharge: (caller: Caller, id: string, fundingLineId: string | null) =>
      dispatcher.moveCharge(caller, id, fundingLineId),
    assign: (caller: Caller, id: string, mediatorId: string) => dispatcher.assign(caller, id, mediatorId),
    withdraw: (caller: Caller, id: string, reason: string) => dispatcher.withdraw(caller, id, reason),
    complete: (caller: Caller, id: string, input: Parameters<Dispatcher['complete']>[2]) =>
      dispatcher.complete(caller, id, input),
    confirm: (caller: Caller, id: string, input: Parameters<Dispatcher['confirm']>[2]) =>
      dispatcher.confirm(caller, id, input),

    /** DESIGN.md, Privacy: personal fields of requests finished before the retention period are erased. */
    async erasePersonalData() {
      const now = clock.now();
      const cutoff = new Date(now);
      cutoff.setMonth(cutoff.getMonth() - config.retentionMonths);
      return dispatcher.erasePersonalData(cutoff, now);
    },
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
