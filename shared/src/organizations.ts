import { z } from 'zod';
import { changingSomething, IsoDateTime, plainText, requiredText, Uuid } from './common.js';
import { OrganizationKind } from './enums.js';

export const OrganizationCreate = z.object({
  name: requiredText(200),
  kind: OrganizationKind,
  municipality: requiredText(100),
  districtId: requiredText(50),
  address: requiredText(300),
  phone: plainText(40).optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationPatch = changingSomething(
  OrganizationCreate.partial().extend({ phone: plainText(40).nullable().optional() }),
);
export type OrganizationPatch = z.infer<typeof OrganizationPatch>;

export const Organization = z.object({
  id: Uuid,
  name: z.string(),
  kind: OrganizationKind,
  municipality: z.string(),
  districtId: z.string(),
  address: z.string(),
  phone: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type Organization = z.infer<typeof Organization>;
