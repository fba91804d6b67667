import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import AcceptInviteView from './AcceptInviteView.vue';

const TOKEN = 'invite-token-0123456789';
let wrapper: VueWrapper | undefined;

async function choosePassword(view: VueWrapper, password: string, confirmation: string) {
  await view.find('#invite-password').setValue(password);
  await view.find('#invite-confirmation').setValue(confirmation);
  await view.find('form').trigger('submit');
  await flushPromises();
}

describe('AcceptInviteView', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('explains a link without token instead of showing the form', async () => {
    ({ wrapper } = await mountAt(AcceptInviteView, '/invite'));
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.text()).toContain('Il link di invito è incompleto');
  });

  it('asks for at least 10 characters and for the same password twice', async () => {
    const server = fakeFetch({});
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(AcceptInviteView, `/invite?token=${TOKEN}`));

    await choosePassword(wrapper, 'short', 'short');
    expect(wrapper.find('#invite-password-error').text()).toBe('Inserisci almeno 10 caratteri');
    expect(wrapper.find('#invite-password').attributes('aria-describedby')).toBe(
      'invite-password-error invite-password-hint',
    );

    await choosePassword(wrapper, 'a long enough phrase', 'a long enough phrasE');
    expect(wrapper.find('#invite-confirmation-error').text()).toBe('Le due password non coincidono');
    expect(document.activeElement).toBe(wrapper.find('#invite-confirmation').element);
    expect(server.calls).toHaveLength(0);
  });

  it('sets the password, signs in and goes home', async () => {
    const server = fakeFetch({
      'POST /api/auth/accept-invite': [jsonResponse(200, { accessToken: 'access-1', expiresIn: 900, user: buildMe() })],
    });
    vi.stubGlobal('fetch', server.fetch);
    let router: Router;
    ({ wrapper, router } = await mountAt(AcceptInviteView, `/invite?token=${TOKEN}`));

    await choosePassword(wrapper, 'a long enough phrase', 'a long enough phrase');

    expect(server.calls[0]?.body).toEqual({ token: TOKEN, password: 'a long enough phrase' });
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
    expect(api.getAccessToken()).toBe('access-1');
  });

  it('says when the invitation was already used or expired', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({ 'POST /api/auth/accept-invite': [problemResponse(401, 'UNAUTHENTICATED')] }).fetch,
    );
    ({ wrapper } = await mountAt(AcceptInviteView, `/invite?token=${TOKEN}`));

    await choosePassword(wrapper, 'a long enough phrase', 'a long enough phrase');

    expect(wrapper.find('[role="alert"]').text()).toContain('non è più valido');
    expect(wrapper.find('form').exists()).toBe(false);
  });
});
