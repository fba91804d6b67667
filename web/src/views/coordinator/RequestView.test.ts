import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/api/client';
import { buildCandidates, buildRequestDetail, ids, languages } from '@/components/coordinator/test-factories';
import { applyLocale } from '@/i18n';
import { fakeFetch, jsonResponse, problemResponse } from '@/testing/http';
import { mountAt } from '@/testing/mount';
import RequestView from './RequestView.vue';

let wrapper: VueWrapper | undefined;

const requestPath = `/api/requests/${ids.request}`;

/** The page's loads (request, candidates, languages, districts) plus whatever the test adds. */
function server(extra: Record<string, Response[]> = {}, loads = 1) {
  const times = <T>(make: () => T) => Array.from({ length: loads }, make);
  return fakeFetch({
    [`GET ${requestPath}`]: times(() => jsonResponse(200, buildRequestDetail())),
    [`GET ${requestPath}/candidates`]: times(() => jsonResponse(200, buildCandidates())),
    'GET /api/languages': [jsonResponse(200, languages)],
    'GET /api/districts': [jsonResponse(200, [])],
    ...extra,
  });
}

const rowOf = (view: VueWrapper, name: string) =>
  view.findAll('tr').find((row) => row.find('th[scope="row"]').exists() && row.find('th[scope="row"]').text() === name);

describe('RequestView (coordinator)', () => {
  beforeEach(async () => {
    api.setAccessToken(null);
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('shows the request and why each mediator is ranked or excluded, in words', async () => {
    vi.stubGlobal('fetch', server().fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Colloquio scuola-famiglia in Arabo');
    expect(wrapper.text()).toContain('Senza copertura');

    const eligible = wrapper.find('table:has(#candidates-eligible-caption)');
    expect(eligible.find('caption').text()).toBe('Mediatori disponibili, dal più indicato');
    // A rank and the reasons behind it, never the matcher's raw score.
    expect(eligible.findAll('thead th').map((cell) => cell.text())).toEqual([
      'Posizione',
      'Nome',
      'Perché in questa posizione',
      'Azione',
    ]);
    const amina = rowOf(wrapper, 'Amina El Idrissi');
    expect(amina?.find('td').text()).toBe('1°');
    expect(amina?.text()).not.toMatch(/111[.,]?431/);
    expect(amina?.text()).toContain('Ha già seguito questo caso (continuità)');
    expect(amina?.text()).toContain('Abita nell’ambito della richiesta');
    expect(amina?.text()).toContain('Equità: 135 minuti svolti negli ultimi 30 giorni');
    expect(amina?.text()).toContain('Livello nella lingua: madrelingua');

    const dawit = rowOf(wrapper, 'Dawit Mekonnen');
    expect(dawit?.text()).toContain('Non copre l’ambito territoriale');
    expect(dawit?.text()).toContain('Fuori dalla disponibilità settimanale');
    const senait = rowOf(wrapper, 'Senait Tesfay');
    expect(senait?.text()).toContain('Ha rifiutato questa richiesta');
    expect(senait?.text()).toContain('Supererebbe il tetto di ore settimanali');
    // The coordinators' timeline names the mediators the offers went to.
    const timeline = wrapper.find('.ponte-timeline').text();
    expect(timeline).toContain('ondata 1: una proposta a Amina El Idrissi, valida fino alle 09:10');
    expect(timeline).toContain('una proposta scaduta senza risposta (Amina El Idrissi)');
    expect(timeline).toContain('Marco Brambilla');
    // Nobody is left untranslated.
    expect(wrapper.text()).not.toMatch(/district_not_served|fairness:|level:native/);
  });

  it('assigns by hand and shows the request as assigned', async () => {
    const assigned = buildRequestDetail({
      status: 'assigned',
      assignedMediator: { id: ids.amina, fullName: 'Amina El Idrissi', phone: '+39 333 1000000' },
    });
    const fake = server({ [`POST ${requestPath}/assign`]: [jsonResponse(200, assigned)] }, 2);
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').trigger('click');
    await flushPromises();

    expect(fake.callsTo('POST', `${requestPath}/assign`)[0]?.body).toEqual({ mediatorId: ids.amina });
    expect(wrapper.find('[role="status"] .alert-success').text()).toContain('Richiesta assegnata a Amina El Idrissi');
    expect(wrapper.find('.ponte-page-header').text()).toContain('Assegnata');
    // An assigned request can no longer be assigned again from here.
    expect(wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').exists()).toBe(false);
  });

  it('explains MEDIATOR_BUSY, focuses the message and reloads the candidates', async () => {
    const fake = server(
      {
        [`POST ${requestPath}/assign`]: [
          problemResponse(409, 'MEDIATOR_BUSY', { detail: 'The mediator already has an overlapping assignment' }),
        ],
      },
      2,
    );
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').trigger('click');
    await flushPromises();

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Amina El Idrissi ha già un incarico che si sovrappone a questo orario');
    expect(document.activeElement).toBe(alert.element);
    expect(fake.callsTo('GET', `${requestPath}/candidates`)).toHaveLength(2);
    expect(wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').attributes('disabled')).toBeUndefined();
  });

  it('explains CASE_EXCLUDED, which no assignment can override, and reloads the candidates', async () => {
    const fake = server({ [`POST ${requestPath}/assign`]: [problemResponse(409, 'CASE_EXCLUDED')] }, 2);
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('[role="alert"]').text()).toContain(
      'Amina El Idrissi è esclusa o escluso da questo caso (conflitto di interessi)',
    );
    expect(fake.callsTo('GET', `${requestPath}/candidates`)).toHaveLength(2);
  });

  it('shows a case exclusion in words and offers no "assign anyway" past it; shows a remote fallback', async () => {
    const candidates = {
      eligible: [],
      excluded: [
        { mediatorId: ids.amina, fullName: 'Amina El Idrissi', reasons: ['case_excluded'] },
        { mediatorId: ids.dawit, fullName: 'Dawit Mekonnen', reasons: ['district_not_served'] },
      ],
    };
    vi.stubGlobal(
      'fetch',
      server({
        [`GET ${requestPath}`]: [jsonResponse(200, buildRequestDetail({ mode: 'phone', originalMode: 'in_person' }))],
        [`GET ${requestPath}/candidates`]: [jsonResponse(200, candidates)],
      }).fetch,
    );
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    expect(rowOf(wrapper, 'Amina El Idrissi')?.text()).toContain(
      'Esclusa o escluso da questo caso (conflitto di interessi)',
    );
    expect(wrapper.find(`#assign-anyway-${ids.amina}`).exists()).toBe(false);
    expect(wrapper.find(`#assign-anyway-${ids.dawit}`).exists()).toBe(true);
    expect(wrapper.find('.ponte-remote-fallback').text()).toBe(
      'Chiesta in presenza: nessuno poteva venire, passata a distanza',
    );
  });

  it('explains INVALID_TRANSITION: the request changed meanwhile', async () => {
    vi.stubGlobal(
      'fetch',
      server({ [`POST ${requestPath}/assign`]: [problemResponse(409, 'INVALID_TRANSITION')] }, 2).fetch,
    );
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('[role="alert"]').text()).toContain('La richiesta non può più essere assegnata');
  });

  it('says the service is unreachable when the assignment cannot be sent', async () => {
    vi.stubGlobal('fetch', server({ [`POST ${requestPath}/assign`]: [problemResponse(503, 'UNAVAILABLE')] }).fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button[aria-label="Assegna a Amina El Idrissi"]').trigger('click');
    await flushPromises();

    expect(wrapper.find('[role="alert"]').text()).toContain('Il servizio non è raggiungibile');
  });

  it('cancels with a reason, warning when it is late, and moves the keyboard to the heading', async () => {
    const startsSoon = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const assigned = buildRequestDetail({
      status: 'assigned',
      startsAt: startsSoon,
      assignedMediator: { id: ids.amina, fullName: 'Amina El Idrissi', phone: '+39 333 1000000' },
    });
    const cancelled = {
      ...assigned,
      status: 'cancelled',
      lateCancellation: true,
      cancelReason: 'La famiglia ha rinviato',
    };
    const fake = fakeFetch({
      [`GET ${requestPath}`]: [jsonResponse(200, assigned)],
      [`GET ${requestPath}/candidates`]: [jsonResponse(200, buildCandidates()), jsonResponse(200, buildCandidates())],
      'GET /api/languages': [jsonResponse(200, languages)],
      'GET /api/districts': [jsonResponse(200, [])],
      [`POST ${requestPath}/cancel`]: [jsonResponse(200, cancelled)],
    });
    vi.stubGlobal('fetch', fake.fetch);
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    await wrapper.find('button.btn-outline-danger').trigger('click');
    await flushPromises();
    expect(document.activeElement).toBe(wrapper.find('#cancel-reason').element);
    expect(wrapper.find('.alert-warning').text()).toContain('sarà un annullamento tardivo');

    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.callsTo('POST', `${requestPath}/cancel`)).toHaveLength(0);
    expect(wrapper.find('#cancel-reason-error').text()).toBe('Campo obbligatorio');

    await wrapper.find('#cancel-reason').setValue('La famiglia ha rinviato');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(fake.callsTo('POST', `${requestPath}/cancel`)[0]?.body).toEqual({ reason: 'La famiglia ha rinviato' });
    expect(wrapper.find('.ponte-page-header').text()).toContain('Annullamento tardivo');
    expect(document.activeElement).toBe(wrapper.find('h1').element);
  });

  it('says so when the request does not exist', async () => {
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET ${requestPath}`]: [problemResponse(404, 'NOT_FOUND')],
        [`GET ${requestPath}/candidates`]: [problemResponse(404, 'NOT_FOUND')],
        'GET /api/languages': [jsonResponse(200, languages)],
        'GET /api/districts': [jsonResponse(200, [])],
      }).fetch,
    );
    ({ wrapper } = await mountAt(RequestView, `/coordinator/requests/${ids.request}`));
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Richiesta non trovata');
  });
});
