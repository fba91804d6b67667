import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';
import { OrganizationKind } from './enums.js';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const OrganizationCreate = z.object({
  name: text(200),
  kind: OrganizationKind,
  municipality: text(100),
  districtId: text(50),
  address: text(300),
  phone: z.string().trim().max(40).optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationPatch = OrganizationCreate.partial().extend({
  phone: z.string().trim().max(40).nullable().optional(),
});
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
