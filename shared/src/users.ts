import { z } from 'zod';
import { changingSomething, IsoDateTime, requiredText, secretText, Uuid } from './common.js';
import { Locale, Role } from './enums.js';

export const UserCreate = z
  .object({
    email: z.email().max(254),
    name: requiredText(200),
    role: Role,
    organizationId: Uuid.optional(),
    mediatorId: Uuid.optional(),
    password: secretText(10, 200, 'at least 10 characters').optional(),
    locale: Locale.optional(),
  })
  .superRefine((user, context) => {
    if (user.role === 'requester' && !user.organizationId) {
      context.addIssue({ code: 'custom', path: ['organizationId'], message: 'is required for a requester' });
    }
    if (user.role === 'mediator' && !user.mediatorId) {
      context.addIssue({ code: 'custom', path: ['mediatorId'], message: 'is required for a mediator' });
    }
  });
export type UserCreate = z.infer<typeof UserCreate>;

export const User = z.object({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  role: Role,
  organizationId: Uuid.nullable(),
  mediatorId: Uuid.nullable(),
  locale: Locale,
  active: z.boolean(),
  invitationPending: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;

export const UserCreated = z.object({ user: User, inviteUrl: z.url().optional() });
export type UserCreated = z.infer<typeof UserCreated>;

export const MePatch = changingSomething(z.object({ locale: Locale.optional(), name: requiredText(200).optional() }));
export type MePatch = z.infer<typeof MePatch>;
