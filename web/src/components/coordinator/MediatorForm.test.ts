import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import { api } from '@/api/client';
import { applyLocale } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import MediatorEditView from '@/views/coordinator/MediatorEditView.vue';
import { buildMediator, districts, ids, languages } from './test-factories';

let wrapper: VueWrapper | undefined;

const reference = () => ({
  'GET /api/languages': [jsonResponse(200, languages)],
  'GET /api/districts': [jsonResponse(200, districts)],
});
const inputValue = (view: VueWrapper, selector: string) => (view.find(selector).element as HTMLInputElement).value;
/** The checkbox of a group with that label, as a user finds it. */
function checkbox(view: VueWrapper, group: string, label: string) {
  const found = view.findAll(`#${group} label`).find((element) => element.text() === label);
  if (!found) throw new Error(`no checkbox "${label}" in #${group}`);
  return view.find(`#${found.attributes('for')}`);
}

async function fillValidProfile(view: VueWrapper) {
  await view.find('#mediator-fullName').setValue('Senait Tesfay');
  await view.find('#mediator-email').setValue(' senait@ponte.demo ');
  await view.find('#mediator-phone').setValue('+39 333 2223334');
  await view.find('#mediator-gender').setValue('female');
  await view.find('#mediator-languages-0-code').setValue('ar');
  await view.find('#mediator-languages-0-level').setValue('fluent');
  await checkbox(view, 'mediator-languages-0-dialects', 'Egiziano').setValue(true);
  await view.find('#mediator-languages-0-other-dialects').setValue('Sudanese');
  await checkbox(view, 'mediator-districtIds', 'Vimercate').setValue(true);
  await checkbox(view, 'mediator-districtIds', "Trezzo sull'Adda").setValue(true);
  await view.find('#mediator-homeDistrictId').setValue('trezzo');
  await checkbox(view, 'mediator-qualifications', 'Valutazione della capacità genitoriale (accreditamento)').setValue(
    true,
  );
  await view.find('#mediator-maxWeeklyMinutes').setValue('7,5');
}

const submit = async (view: VueWrapper) => {
  await view.find('form').trigger('submit');
  await flushPromises();
};

describe('MediatorForm (through the new-mediator page)', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('validates with the shared schema before sending, each message next to its field', async () => {
    const server = fakeFetch(reference());
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(MediatorEditView, '/coordinator/mediators/new'));
    await flushPromises();

    await wrapper.find('#mediator-email').setValue('not-an-email');
    await wrapper.find('#mediator-maxWeeklyMinutes').setValue('80');
    await checkbox(wrapper, 'mediator-modes', 'In presenza').setValue(false);
    await checkbox(wrapper, 'mediator-modes', 'Al telefono').setValue(false);
    await checkbox(wrapper, 'mediator-modes', 'In videochiamata').setValue(false);
    await submit(wrapper);

    expect(server.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
    expect(wrapper.find('#mediator-fullName-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#mediator-email-error').text()).toContain('Inserisci un indirizzo email valido');
    expect(wrapper.find('#mediator-languages-0-code-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#mediator-languages-0-level-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#mediator-homeDistrictId-error').text()).toBe('Campo obbligatorio');
    expect(wrapper.find('#mediator-modes-error').text()).toBe('Scegli almeno una voce');
    // The cap is typed in hours, so its limit is said in hours.
    expect(wrapper.find('#mediator-maxWeeklyMinutes-error').text()).toBe('Al massimo 70 ore');
    expect(wrapper.find('#mediator-email').attributes('aria-describedby')).toContain('mediator-email-error');
    expect(document.activeElement).toBe(wrapper.find('#mediator-fullName').element);
    expect(wrapper.find('[role="alert"]').text()).toContain('Controlla i campi segnalati');
  });

  it('sends the profile in the API’s shape: hours as minutes, known and typed dialects together', async () => {
    const created = buildMediator({ id: ids.mediator });
    const server = fakeFetch({ ...reference(), 'POST /api/mediators': [jsonResponse(201, created)] });
    vi.stubGlobal('fetch', server.fetch);
    let router: Router;
    ({ wrapper, router } = await mountAt(MediatorEditView, '/coordinator/mediators/new'));
    await flushPromises();

    await fillValidProfile(wrapper);
    await submit(wrapper);

    expect(server.callsTo('POST', '/api/mediators')[0]?.body).toEqual({
      fullName: 'Senait Tesfay',
      email: 'senait@ponte.demo',
      phone: '+393332223334',
      gender: 'female',
      languages: [{ code: 'ar', level: 'fluent', dialects: ['Egiziano', 'Sudanese'] }],
      districtIds: ['vimercate', 'trezzo'],
      homeDistrictId: 'trezzo',
      modes: ['in_person', 'phone', 'video'],
      qualifications: ['parenting_assessment'],
      maxWeeklyMinutes: 450,
      active: true,
    });
    await vi.waitFor(() =>
      expect(router.currentRoute.value.fullPath).toBe(`/coordinator/mediators/${ids.mediator}?created=1`),
    );
  });

  it('puts the server’s field errors on the right fields, nested paths included, and keeps the input', async () => {
    const server = fakeFetch({
      ...reference(),
      'POST /api/mediators': [
        problemResponse(400, 'VALIDATION_FAILED', {
          errors: [
            { path: 'languages.0.code', message: 'no such language' },
            { path: 'districtIds.1', message: 'no such district' },
            { path: 'languages.0.dialects.1', message: 'Too big: expected string to have <=100 characters' },
            { path: 'maxWeeklyMinutes', message: 'at most 4200 (70 hours)' },
          ],
        }),
      ],
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(MediatorEditView, '/coordinator/mediators/new'));
    await flushPromises();

    await fillValidProfile(wrapper);
    await submit(wrapper);

    expect(wrapper.find('#mediator-languages-0-code-error').text()).toBe('no such language');
    expect(wrapper.find('#mediator-languages-0-code').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#mediator-districtIds-error').text()).toBe('no such district');
    expect(wrapper.find('#mediator-languages-0-dialects-error').text()).toContain('expected string');
    expect(wrapper.find('#mediator-maxWeeklyMinutes-error').text()).toBe('at most 4200 (70 hours)');
    expect(wrapper.find('#mediator-fullName').attributes('aria-invalid')).toBeUndefined();
    expect(document.activeElement).toBe(wrapper.find('#mediator-languages-0-code').element);
    expect(inputValue(wrapper, '#mediator-fullName')).toBe('Senait Tesfay');
    expect(inputValue(wrapper, '#mediator-maxWeeklyMinutes')).toBe('7,5');
  });

  it('keeps everything typed when the service is down, and says so', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({ ...reference(), 'POST /api/mediators': [problemResponse(503, 'UNAVAILABLE')] }).fetch,
    );
    ({ wrapper } = await mountAt(MediatorEditView, '/coordinator/mediators/new'));
    await flushPromises();

    await fillValidProfile(wrapper);
    await submit(wrapper);

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Il servizio non è raggiungibile');
    expect(document.activeElement).toBe(alert.element);
    expect(inputValue(wrapper, '#mediator-email')).toBe('senait@ponte.demo');
    expect(inputValue(wrapper, '#mediator-languages-0-other-dialects')).toBe('Sudanese');
    expect(
      (
        checkbox(wrapper, 'mediator-qualifications', 'Valutazione della capacità genitoriale (accreditamento)')
          .element as HTMLInputElement
      ).checked,
    ).toBe(true);
  });

  it('edits an existing profile with a PATCH, clearing the gender with null', async () => {
    const mediator = buildMediator();
    const server = fakeFetch({
      ...reference(),
      [`GET /api/mediators/${ids.mediator}`]: [jsonResponse(200, mediator)],
      [`GET /api/mediators/${ids.mediator}/availability`]: [jsonResponse(200, { weekly: [], timeOff: [] })],
      'GET /api/users': [jsonResponse(200, { items: [], total: 0 })],
      [`PATCH /api/mediators/${ids.mediator}`]: [
        jsonResponse(200, { ...mediator, gender: null, maxWeeklyMinutes: 1200 }),
      ],
    });
    vi.stubGlobal('fetch', server.fetch);
    ({ wrapper } = await mountAt(MediatorEditView, `/coordinator/mediators/${ids.mediator}`));
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Amina El Idrissi');
    expect(inputValue(wrapper, '#mediator-maxWeeklyMinutes')).toBe('30');
    expect(
      (checkbox(wrapper, 'mediator-languages-0-dialects', 'Marocchino (Darija)').element as HTMLInputElement).checked,
    ).toBe(true);

    await wrapper.find('#mediator-gender').setValue('');
    await wrapper.find('#mediator-maxWeeklyMinutes').setValue('20');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const body = server.callsTo('PATCH', `/api/mediators/${ids.mediator}`)[0]?.body as Record<string, unknown>;
    expect(body.gender).toBeNull();
    expect(body.maxWeeklyMinutes).toBe(1200);
    expect(wrapper.text()).toContain('Modifiche salvate.');
  });
});
