import type { TimelineEntry } from '@ponte/shared';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyLocale, i18n } from '@/i18n';
import RequestTimeline from './RequestTimeline.vue';

const at = '2026-11-27T09:00:00.000Z';
const person = (name: string, role = 'requester') => ({ userId: '3f1c2a8e-5b7d-4c1e-9a2b-1d2e3f4a5b6c', name, role });
const amina = { id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', fullName: 'Amina El Idrissi' };

const entries: TimelineEntry[] = [
  { at, type: 'created', actor: person('Marco Brambilla'), data: { tier: 'urgent' } },
  { at, type: 'offers_sent', actor: null, data: { wave: 1, count: 1 } },
  { at, type: 'offers_expired', actor: null, data: { count: 1 } },
  { at, type: 'offers_sent', actor: null, data: { wave: 2, count: 3 } },
  { at, type: 'offer_declined', actor: person('Youssef Benali', 'mediator'), data: { mediatorId: 'x' } },
  { at, type: 'unfilled', actor: null, data: { reason: 'deadline' } },
  {
    at,
    type: 'assigned',
    actor: person('Giulia Ferraresi', 'coordinator'),
    data: { mediatorId: amina.id, manual: true },
  },
  { at, type: 'withdrawn', actor: person('Amina El Idrissi', 'mediator'), data: { reason: 'Malata' } },
  { at, type: 'accepted', actor: person('Amina El Idrissi', 'mediator'), data: {} },
  {
    at,
    type: 'completed',
    actor: person('Amina El Idrissi', 'mediator'),
    data: { actualMinutes: 90, outcome: 'done' },
  },
  { at, type: 'confirmed', actor: person('Marco Brambilla'), data: { rating: 4 } },
  { at, type: 'disputed', actor: person('Marco Brambilla'), data: { rating: null } },
  { at, type: 'cancelled', actor: person('Marco Brambilla'), data: { reason: 'Spostato', late: true } },
  { at, type: 'expired', actor: null, data: { reason: 'start_passed' } },
  { at, type: 'something_new', actor: null, data: {} },
];

describe('RequestTimeline', () => {
  beforeEach(async () => {
    await applyLocale('it');
  });

  it('tells each event as a sentence, never naming who declined', () => {
    const wrapper = mount(RequestTimeline, {
      props: { entries, assignedMediator: amina },
      global: { plugins: [i18n] },
    });
    expect(wrapper.findAll('.ponte-timeline__text').map((item) => item.text())).toEqual([
      'Richiesta inserita da Marco Brambilla',
      'Proposta inviata a una mediatrice o un mediatore',
      'Una proposta è scaduta senza risposta',
      'Proposta inviata a 3 mediatrici e mediatori (giro 2)',
      'Una mediatrice o un mediatore non è disponibile e ha rifiutato',
      'Senza copertura: nessuna risposta entro il termine. Il coordinamento è stato avvisato',
      'Assegnata dal coordinamento: Amina El Idrissi',
      'La mediatrice o il mediatore assegnato ha rinunciato: la ricerca riparte',
      'Accettata da Amina El Idrissi',
      'Servizio svolto: 1 h 30 min',
      'Servizio confermato, valutazione 4 su 5',
      'Servizio contestato dalla scuola o dal servizio',
      'Annullata da Marco Brambilla — annullamento tardivo (meno di 24 ore prima)',
      'Scaduta: l’orario di inizio è passato senza assegnazione',
      'Evento: something_new',
    ]);
    expect(wrapper.text()).not.toContain('Youssef');
    expect(wrapper.text()).not.toContain('Malata');
    expect(wrapper.find('time').attributes('datetime')).toBe(at);
  });

  it('shows written reasons only on staff screens, and speaks English', async () => {
    await applyLocale('en');
    const wrapper = mount(RequestTimeline, {
      props: { entries: entries.slice(7, 8), showReasons: true },
      global: { plugins: [i18n] },
    });
    expect(wrapper.text()).toContain('The assigned mediator withdrew: the search starts again');
    expect(wrapper.text()).toContain('Reason: “Malata”');
  });

  describe('issue 16: the remote fallback and a withdrawal for a conflict of interest', () => {
    const issue16: TimelineEntry[] = [
      {
        at,
        type: 'remote_fallback',
        actor: null,
        data: { from: 'in_person', mode: 'phone', reason: 'deadline', tier: 'urgent' },
      },
      {
        at,
        type: 'withdrawn',
        actor: person('Amina El Idrissi', 'mediator'),
        data: { mediatorId: amina.id, reason: 'Conosco la famiglia', conflictOfInterest: true },
      },
    ];

    it('tells the requester the search went on by phone, and that the mediator knew the family', () => {
      const wrapper = mount(RequestTimeline, { props: { entries: issue16 }, global: { plugins: [i18n] } });
      expect(wrapper.findAll('.ponte-timeline__text').map((item) => item.text())).toEqual([
        'Nessuno poteva venire di persona: la ricerca prosegue al telefono',
        'La mediatrice o il mediatore assegnato conosce la famiglia e ha rinunciato: la ricerca riparte',
      ]);
      expect(wrapper.text()).not.toContain('Amina');
    });

    it('tells the coordinators the switch and the exclusion', () => {
      const wrapper = mount(RequestTimeline, {
        props: { entries: issue16, mediatorNames: new Map([[amina.id, amina.fullName]]) },
        global: { plugins: [i18n] },
      });
      const texts = wrapper.findAll('.ponte-timeline__text').map((item) => item.text());
      expect(texts[0]).toBe('Passata a distanza — in presenza → Al telefono, ricerca urgente (entro 24 ore)');
      expect(texts[1]).toBe(
        'Ritiro del mediatore — Amina El Idrissi si è ritirato per conflitto di interessi (escluso dal caso): Conosco la famiglia',
      );
    });
  });

  it("tells the coordinators why a wave went to the family's mediator alone, or was a last call", () => {
    const expiresAt = '2026-11-27T09:30:00.000Z';
    const waves: TimelineEntry[] = [
      {
        at,
        type: 'offers_sent',
        actor: null,
        data: { wave: 1, reason: 'family_first', count: 1, mediatorIds: [amina.id], expiresAt },
      },
      {
        at,
        type: 'offers_sent',
        actor: null,
        data: { wave: 3, reason: 'last_call', count: 1, mediatorIds: [amina.id], expiresAt },
      },
      { at, type: 'offers_sent', actor: null, data: { wave: 2, count: 1, mediatorIds: [amina.id], expiresAt } },
    ];
    const wrapper = mount(RequestTimeline, {
      props: { entries: waves, mediatorNames: new Map([[amina.id, amina.fullName]]) },
      global: { plugins: [i18n] },
    });
    const texts = wrapper.findAll('.ponte-timeline__text').map((item) => item.text());
    expect(texts[0]).toContain('Amina El Idrissi');
    expect(texts[0]).toMatch(/— prima al mediatore della famiglia$/);
    expect(texts[1]).toMatch(/— ultima chiamata a tutti quelli rimasti, fino alla scadenza$/);
    expect(texts[2]).not.toMatch(/famiglia|ultima chiamata/);
  });
});
