import type { MePatch, UserCreate, UserCreated } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { AppError, fieldError, notFound } from '../../lib/errors.js';
import { hashPassword } from '../../lib/passwords.js';
import { hashToken, newOpaqueToken } from '../../lib/tokens.js';
import type { Caller } from '../../plugins/auth.js';
import { toMe, toUser } from './user-mapper.js';
import { usersRepository } from './users.repository.js';

const INVITATION_DAYS = 7;

export function createUsersService({ db, clock, config }: AppContext) {
  return {
    async me(caller: Caller) {
      const user = await usersRepository.findById(db, caller.sub);
      if (!user) throw notFound('User');
      return toMe(user);
    },

    async updateMe(caller: Caller, patch: MePatch) {
      const user = await usersRepository.update(db, caller.sub, patch);
      if (!user) throw notFound('User');
      return toMe(user);
    },

    async list(page: { limit: number; offset: number }) {
      const { items, total } = await usersRepository.list(db, page);
      return { items: items.map(toUser), total };
    },

    async create(input: UserCreate): Promise<UserCreated> {
      if (await usersRepository.emailTaken(db, input.email)) {
        throw new AppError('CONFLICT', 409, 'A user with this email already exists', [
          { path: 'email', message: 'is already in use' },
        ]);
      }
      if (input.organizationId && !(await usersRepository.organizationExists(db, input.organizationId))) {
        throw fieldError('organizationId', 'no such organization');
      }
      if (input.mediatorId) {
        if (!(await usersRepository.mediatorExists(db, input.mediatorId)))
          throw fieldError('mediatorId', 'no such mediator');
        if (await usersRepository.mediatorHasAccount(db, input.mediatorId))
          throw fieldError('mediatorId', 'already has an account');
      }
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      const inviteToken = passwordHash ? undefined : newOpaqueToken();
      const user = await db.transaction(async (transaction) => {
        const created = await usersRepository.insert(transaction, {
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          // A role only ever carries its own link: a coordinator belongs to no organization.
          organizationId: input.role === 'requester' ? (input.organizationId ?? null) : null,
          mediatorId: input.role === 'mediator' ? (input.mediatorId ?? null) : null,
          passwordHash,
          locale: input.locale ?? 'it',
        });
        if (inviteToken) {
          await usersRepository.insertInvitation(transaction, {
            userId: created.id,
            tokenHash: hashToken(inviteToken),
            expiresAt: new Date(clock.now().getTime() + INVITATION_DAYS * 86_400_000),
          });
        }
        return created;
      });
      return {
        user: toUser(user),
        ...(inviteToken ? { inviteUrl: `${config.publicUrl}/invite?token=${inviteToken}` } : {}),
      };
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
