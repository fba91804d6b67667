import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLocale } from '@/i18n';
import { buildAssignment, buildLanguages, buildMediator, MEDIATOR_ID } from '@/testing/factories';
import { installFakeEventSource } from '@/testing/fake-event-source';
import { buildMe, fakeFetch, jsonResponse } from '@/testing/http';
import { mountAs } from '@/testing/mount-as';
import AgendaView from './AgendaView.vue';

const mediator = buildMe({ role: 'mediator', organizationId: null, mediatorId: MEDIATOR_ID });
const DAY_MS = 86_400_000;

describe('AgendaView', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    installFakeEventSource();
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  it('keeps a cancelled or withdrawn job on its day, struck through and saying there is no need to go', async () => {
    const tomorrow = (hour: number) =>
      new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS + hour * 3_600_000).toISOString();
    const going = buildAssignment({ startsAt: tomorrow(8), endsAt: tomorrow(9) });
    const withdrawn = buildAssignment({ startsAt: tomorrow(10), endsAt: tomorrow(11), status: 'withdrawn' });
    const cancelled = buildAssignment({ startsAt: tomorrow(12), endsAt: tomorrow(13), status: 'cancelled' });
    vi.stubGlobal(
      'fetch',
      fakeFetch({
        [`GET /api/mediators/${MEDIATOR_ID}/assignments`]: () => jsonResponse(200, [cancelled, going, withdrawn]),
        [`GET /api/mediators/${MEDIATOR_ID}`]: () => jsonResponse(200, buildMediator()),
        'GET /api/languages': () => jsonResponse(200, buildLanguages()),
      }).fetch,
    );
    ({ wrapper } = await mountAs(AgendaView, '/agenda', mediator));
    await flushPromises();

    const slots = wrapper.findAll('.ponte-day .ponte-slot');
    expect(slots).toHaveLength(3);
    const [first, second, third] = slots;
    expect(first?.classes()).not.toContain('ponte-slot--called-off');
    expect(first?.find('.ponte-slot__status').exists()).toBe(false);
    expect(second?.classes()).toContain('ponte-slot--called-off');
    expect(second?.find('.ponte-slot__status').text()).toBe('Rinuncia — non devi andare');
    expect(third?.find('.ponte-slot__status').text()).toBe('Annullato — non devi andare');
  });
});
