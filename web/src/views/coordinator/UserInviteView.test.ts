import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { ids } from '@/components/coordinator/test-factories';
import { applyLocale } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import UserInviteView from './UserInviteView.vue';

const organization = {
  id: ids.organization,
  name: 'IC Don Milani Vimercate',
  kind: 'school',
  municipality: 'Vimercate',
  districtId: 'vimercate',
  address: 'Via Valcamonica 1',
  phone: null,
  createdAt: '2026-11-01T08:00:00Z',
};
const user = {
  id: '6c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f',
  email: 'segreteria@ic.example',
  name: 'Lucia Sala',
  role: 'requester',
  organizationId: ids.organization,
  mediatorId: null,
  locale: 'it',
  active: true,
  invitationPending: true,
  createdAt: '2026-12-01T08:00:00Z',
};
const inviteUrl = 'http://localhost:3000/invite?token=abcdefghijklmnopqrstuvwxyz';

let wrapper: VueWrapper | undefined;

function server(created: Response) {
  return fakeFetch({
    'GET /api/organizations': [jsonResponse(200, { items: [organization], total: 1 })],
    'GET /api/mediators': [jsonResponse(200, { items: [], total: 0 })],
    'POST /api/users': [created],
  });
}

async function fill(view: VueWrapper) {
  await view.find('#user-organizationId').setValue(ids.organization);
  await view.find('#user-name').setValue('Lucia Sala');
  await view.find('#user-email').setValue('segreteria@ic.example');
}

describe('UserInviteView', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('needs an organization for a requester, before sending', async () => {
    const fake = server(jsonResponse(201, { user }));
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(UserInviteView, '/coordinator/users/new'));
    await flushPromises();

    await wrapper.find('#user-name').setValue('Lucia Sala');
    await wrapper.find('#user-email').setValue('segreteria@ic.example');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(fake.callsTo('POST', '/api/users')).toHaveLength(0);
    expect(wrapper.find('#user-organizationId-error').text()).toBe('Campo obbligatorio');
  });

  it('shows the invitation link once, with a copy button and why it must be copied now', async () => {
    const fake = server(jsonResponse(201, { user, inviteUrl }));
    vi.stubGlobal('fetch', fake.fetch);
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    ({ wrapper } = await mountAt(UserInviteView, '/coordinator/users/new'));
    await flushPromises();

    await fill(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(fake.callsTo('POST', '/api/users')[0]?.body).toEqual({
      role: 'requester',
      name: 'Lucia Sala',
      email: 'segreteria@ic.example',
      organizationId: ids.organization,
      locale: 'it',
    });
    expect((wrapper.find('#user-invite-url').element as HTMLInputElement).value).toBe(inviteUrl);
    expect(wrapper.text()).toContain('Questo link viene mostrato una sola volta');
    expect(document.activeElement).toBe(wrapper.find('#user-created-heading').element);

    await wrapper.find('.ponte-invite button').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith(inviteUrl);
    expect(wrapper.find('.ponte-invite [role="status"]').text()).toBe('Link copiato negli appunti.');
  });

  it('puts a taken email next to the email field and keeps the input', async () => {
    vi.stubGlobal(
      'fetch',
      server(problemResponse(409, 'CONFLICT', { errors: [{ path: 'email', message: 'is already in use' }] })).fetch,
    );
    ({ wrapper } = await mountAt(UserInviteView, '/coordinator/users/new'));
    await flushPromises();

    await fill(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(wrapper.find('#user-email-error').text()).toBe('is already in use');
    expect((wrapper.find('#user-name').element as HTMLInputElement).value).toBe('Lucia Sala');
    expect(document.activeElement).toBe(wrapper.find('#user-email').element);
  });
});
