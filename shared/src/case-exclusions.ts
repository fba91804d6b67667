import { z } from 'zod';
import { IsoDateTime, multilineText, requiredText, Uuid } from './common.js';

/** API.md, Case exclusions: a mediator is never offered a case — (organization, case reference) — they are excluded from. */
export const CaseExclusionCreate = z.object({
  mediatorId: Uuid,
  organizationId: Uuid,
  caseRef: requiredText(60),
  reason: multilineText(500).optional(),
});
export type CaseExclusionCreate = z.input<typeof CaseExclusionCreate>;

/** Case references only: never anything about the family. */
export const CaseExclusion = z.object({
  id: Uuid,
  mediatorId: Uuid,
  mediatorName: z.string(),
  organizationId: Uuid,
  organizationName: z.string(),
  caseRef: z.string(),
  reason: z.string().nullable(),
  /** Who recorded it: a coordinator, or the mediator withdrawing for a conflict of interest. */
  createdBy: z.object({ userId: Uuid, name: z.string(), role: z.string() }).nullable(),
  createdAt: IsoDateTime,
});
export type CaseExclusion = z.infer<typeof CaseExclusion>;

export const CaseExclusionListQuery = z.object({
  mediatorId: Uuid.optional(),
  organizationId: Uuid.optional(),
  caseRef: requiredText(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
