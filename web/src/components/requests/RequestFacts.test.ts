import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceType } from '@ponte/shared';
import { createPinia, setActivePinia } from 'pinia';
import { applyLocale, i18n } from '@/i18n';
import { buildLanguages, buildRequestDetail } from '@/testing/factories';
import { fakeFetch, jsonResponse } from '@/testing/http';
import RequestFacts from './RequestFacts.vue';

describe('RequestFacts', () => {
  beforeEach(async () => {
    setActivePinia(createPinia());
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/languages': () => jsonResponse(200, buildLanguages()) }).fetch);
    await applyLocale('it');
  });

  const subjectTerm = (serviceType: ServiceType) => {
    const request = buildRequestDetail({ serviceType, subject: { pupilInitials: 'A.B.', pupilAge: 9 } });
    const wrapper = mount(RequestFacts, { props: { request }, global: { plugins: [i18n] } });
    const term = wrapper.findAll('dt').find((dt) => dt.element.nextElementSibling?.textContent?.includes('A.B.'));
    return term?.text();
  };

  it('calls the child a pupil at school and a minor at a social service', () => {
    expect(subjectTerm('school_welcome')).toBe('Alunna o alunno');
    expect(subjectTerm('home_visit')).toBe('Minore interessato');
  });

  it('shows that an in-person request went on by phone, in the catalogue’s words', () => {
    const switched = buildRequestDetail({ mode: 'phone', originalMode: 'in_person', remoteFallback: 'phone' });
    const wrapper = mount(RequestFacts, { props: { request: switched }, global: { plugins: [i18n] } });
    const mode = wrapper.findAll('dt').find((dt) => dt.text() === 'Modalità');
    const value = mode?.element.nextElementSibling?.textContent ?? '';
    expect(value).toContain('Al telefono');
    expect(wrapper.find('.ponte-facts__switch').text()).toBe(
      'Chiesta in presenza — Nessuno poteva venire di persona: come avevi accettato, cerchiamo una mediatrice o un mediatore al telefono.',
    );
    const unchanged = mount(RequestFacts, {
      props: { request: buildRequestDetail({ remoteFallback: 'phone' }) },
      global: { plugins: [i18n] },
    });
    expect(unchanged.find('.ponte-facts__switch').exists()).toBe(false);
  });
});
