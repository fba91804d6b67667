import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLocale } from '@/i18n';
import { buildDistricts, buildLanguages, buildMediator, MEDIATOR_ID } from '@/testing/factories';
import { buildMe, fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import ProfileView from './ProfileView.vue';

const mediator = buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID });
const path = `/api/mediators/${MEDIATOR_ID}`;
const reference = {
  'GET /api/languages': () => jsonResponse(200, buildLanguages()),
  'GET /api/districts': () => jsonResponse(200, buildDistricts()),
};

describe('ProfileView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  const checkbox = (view: VueWrapper, group: string, label: string) =>
    view
      .findAll(`#${group} .form-check`)
      .find((option) => option.find('label').text() === label)
      ?.find('input');

  it('saves phone, modes, areas and dialects, keeping the languages and levels as they are', async () => {
    const profile = buildMediator();
    const server = fakeFetch({
      [`GET ${path}`]: [jsonResponse(200, profile)],
      [`PATCH ${path}`]: [jsonResponse(200, { ...profile, phone: '347 7654321' })],
      ...reference,
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(ProfileView, '/profile', mediator));
    await flushPromises();

    expect((wrapper.find('#profile-phone').element as HTMLInputElement).value).toBe('333 123 4567');
    expect(wrapper.text()).toContain('Arabo (');
    await wrapper.find('#profile-phone').setValue('347 7654321');
    await checkbox(wrapper, 'profile-modes', 'In videochiamata')?.setValue(true);
    await checkbox(wrapper, 'profile-districts', "Trezzo sull'Adda")?.setValue(true);
    await checkbox(wrapper, 'profile-dialects-ar', 'Egiziano')?.setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(server.callsTo('PATCH', path)[0]?.body).toEqual({
      phone: '+393477654321',
      modes: ['in_person', 'phone', 'video'],
      districtIds: ['vimercate', 'trezzo'],
      languages: [{ code: 'ar', dialects: ['Marocchino (Darija)', 'Egiziano'], level: 'native' }],
    });
    const saved = wrapper.find('.alert-success');
    expect(saved.text()).toBe('Profilo salvato.');
    expect(document.activeElement).toBe(saved.element);
  });

  it('puts the server’s field error on its field and sends nothing while the phone is empty', async () => {
    const server = fakeFetch({
      [`GET ${path}`]: [jsonResponse(200, buildMediator())],
      [`PATCH ${path}`]: [
        problemResponse(400, 'VALIDATION', { errors: [{ path: 'phone', message: 'non è un numero di telefono' }] }),
      ],
      ...reference,
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAs(ProfileView, '/profile', mediator));
    await flushPromises();

    await wrapper.find('#profile-phone').setValue('');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('PATCH', path)).toHaveLength(0);
    expect(wrapper.find('#profile-phone').attributes('aria-invalid')).toBe('true');

    await wrapper.find('#profile-phone').setValue('333 7654321');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.callsTo('PATCH', path)).toHaveLength(1);
    expect(wrapper.find('#profile-phone-error').text()).toBe('non è un numero di telefono');
    expect(document.activeElement).toBe(wrapper.find('#profile-phone').element);
  });
});
