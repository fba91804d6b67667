import type { CaseExclusion, CaseExclusionCreate } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { conflict, fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import {
  caseExclusionsRepository,
  type CaseExclusionFilter,
  type CaseExclusionWithNames,
  type CaseKey,
} from './case-exclusions.repository.js';

const toCaseExclusion = ({
  exclusion,
  mediatorName,
  organizationName,
  creatorName,
  creatorRole,
}: CaseExclusionWithNames): CaseExclusion => ({
  id: exclusion.id,
  mediatorId: exclusion.mediatorId,
  mediatorName,
  organizationId: exclusion.organizationId,
  organizationName,
  caseRef: exclusion.caseRef,
  reason: exclusion.reason,
  createdBy:
    exclusion.createdByUserId && creatorName !== null
      ? { userId: exclusion.createdByUserId, name: creatorName, role: creatorRole ?? '' }
      : null,
  createdAt: exclusion.createdAt.toISOString(),
});

/**
 * What the dispatch module asks of case exclusions, inside its own transactions: whether a mediator is
 * excluded from a case (a manual assignment is refused), and recording one when a mediator withdraws
 * for a conflict of interest. Matching reads them in its history query (`case_excluded`).
 */
export const caseExclusionChecks = {
  isExcluded: async (executor: Executor, key: CaseKey): Promise<boolean> =>
    (await caseExclusionsRepository.findByCase(executor, key)) !== undefined,

  /** The exclusion's id, new or already there. */
  async record(executor: Executor, key: CaseKey, reason: string, createdByUserId: string): Promise<string> {
    const created = await caseExclusionsRepository.insert(executor, { ...key, reason, createdByUserId });
    if (created) return created.id;
    const existing = await caseExclusionsRepository.findByCase(executor, key);
    if (!existing) throw new Error('case exclusion neither inserted nor found');
    return existing.id;
  },
};

/** The coordinators' use cases (API.md, Case exclusions). */
export function createCaseExclusionsService({ db }: AppContext) {
  return {
    async list(filter: CaseExclusionFilter, page: { limit: number; offset: number }) {
      const { items, total } = await caseExclusionsRepository.list(db, filter, page);
      return { items: items.map(toCaseExclusion), total };
    },

    async create(caller: Caller, input: CaseExclusionCreate): Promise<CaseExclusion> {
      if (!(await caseExclusionsRepository.mediatorExists(db, input.mediatorId)))
        throw fieldError('mediatorId', 'no such mediator');
      if (!(await caseExclusionsRepository.organizationExists(db, input.organizationId)))
        throw fieldError('organizationId', 'no such organization');
      const created = await caseExclusionsRepository.insert(db, {
        mediatorId: input.mediatorId,
        organizationId: input.organizationId,
        caseRef: input.caseRef,
        reason: input.reason ?? null,
        createdByUserId: caller.sub,
      });
      if (!created) throw conflict('CONFLICT', 'This mediator is already excluded from this case');
      const named = await caseExclusionsRepository.findWithNames(db, created.id);
      if (!named) throw notFound('Case exclusion');
      return toCaseExclusion(named);
    },

    async remove(id: string): Promise<void> {
      if (!(await caseExclusionsRepository.delete(db, id))) throw notFound('Case exclusion');
    },
  };
}

export type CaseExclusionsService = ReturnType<typeof createCaseExclusionsService>;
