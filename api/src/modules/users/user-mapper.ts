import type { Me, User } from '@ponte/shared';
import type { users } from '../../db/schema/index.js';
import type { Caller } from '../../plugins/auth.js';

type UserRow = typeof users.$inferSelect;

export const toMe = (user: UserRow): Me => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  organizationId: user.organizationId,
  mediatorId: user.mediatorId,
  locale: user.locale,
});

export const toUser = (user: UserRow): User => ({
  ...toMe(user),
  active: user.active,
  invitationPending: user.passwordHash === null,
  createdAt: user.createdAt.toISOString(),
});

export const toCaller = (user: UserRow): Caller => ({
  sub: user.id,
  role: user.role,
  organizationId: user.organizationId,
  mediatorId: user.mediatorId,
});
