import { z } from 'zod';
import { changingSomething, IsoDateTime, requiredText, Uuid } from './common.js';
import { OrganizationKind } from './enums.js';
import { PhoneNumber } from './phone.js';

export const OrganizationCreate = z.object({
  name: requiredText(200),
  kind: OrganizationKind,
  municipality: requiredText(100),
  districtId: requiredText(50),
  address: requiredText(300),
  phone: PhoneNumber.optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationPatch = changingSomething(
  OrganizationCreate.partial().extend({ phone: PhoneNumber.nullable().optional() }),
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
