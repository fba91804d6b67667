import type { Organization, OrganizationCreate, OrganizationPatch } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { organizationsRepository, type OrganizationRow } from './organizations.repository.js';

const toOrganization = (row: OrganizationRow): Organization => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  municipality: row.municipality,
  districtId: row.districtId,
  address: row.address,
  phone: row.phone,
  createdAt: row.createdAt.toISOString(),
});

export function createOrganizationsService({ db }: AppContext) {
  async function assertDistrict(districtId: string | undefined) {
    if (districtId !== undefined && !(await organizationsRepository.districtExists(db, districtId))) {
      throw fieldError('districtId', 'no such district');
    }
  }

  return {
    /** The organization as the caller may see it; another organization's id is simply not found. */
    async get(caller: Caller, id: string): Promise<Organization> {
      if (caller.role === 'requester' && caller.organizationId !== id) throw notFound('Organization');
      const row = await organizationsRepository.findById(db, id);
      if (!row) throw notFound('Organization');
      return toOrganization(row);
    },

    async list(caller: Caller, page: { limit: number; offset: number }) {
      if (caller.role === 'requester') {
        const own = caller.organizationId
          ? await organizationsRepository.findById(db, caller.organizationId)
          : undefined;
        return { items: own ? [toOrganization(own)] : [], total: own ? 1 : 0 };
      }
      const { items, total } = await organizationsRepository.list(db, page);
      return { items: items.map(toOrganization), total };
    },

    async create(input: OrganizationCreate) {
      await assertDistrict(input.districtId);
      return toOrganization(await organizationsRepository.insert(db, input));
    },

    async update(id: string, patch: OrganizationPatch) {
      await assertDistrict(patch.districtId);
      const row = await organizationsRepository.update(db, id, patch);
      if (!row) throw notFound('Organization');
      return toOrganization(row);
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
