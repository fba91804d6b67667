import { mount, RouterLinkStub } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { applyLocale, i18n } from '@/i18n';
import { buildLanguages, buildRequestDetail } from '@/testing/factories';
import { fakeFetch, jsonResponse } from '@/testing/http';
import RequestSummaryCard from './RequestSummaryCard.vue';

describe('RequestSummaryCard', () => {
  beforeEach(async () => {
    setActivePinia(createPinia());
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/languages': () => jsonResponse(200, buildLanguages()) }).fetch);
    await applyLocale('it');
  });

  const render = (awaitingConfirmation: boolean) =>
    mount(RequestSummaryCard, {
      props: { request: buildRequestDetail({ status: 'completed', awaitingConfirmation }), to: '/requests/1' },
      global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } },
    });

  it('marks a completed request whose hours wait for the requester’s confirmation', () => {
    expect(render(true).find('.ponte-request-card__status').text()).toContain('Da confermare');
    expect(render(false).find('.ponte-request-card__status').text()).not.toContain('Da confermare');
  });
});
