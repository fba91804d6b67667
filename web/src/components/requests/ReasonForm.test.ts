import { CancelBody } from '@ponte/shared';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { applyLocale, i18n } from '@/i18n';
import ReasonForm from './ReasonForm.vue';

const labels = {
  openLabel: 'Annulla la richiesta',
  reasonLabel: 'Motivo',
  reasonHint: 'Lo leggerà chi media',
  submitLabel: 'Annulla',
  keepLabel: 'Mantieni',
};

describe('ReasonForm', () => {
  let wrapper: VueWrapper | undefined;

  beforeEach(async () => {
    await applyLocale('it');
  });
  afterEach(() => wrapper?.unmount());

  function mountWith(send: (reason: string) => Promise<void>) {
    wrapper = mount(ReasonForm, {
      props: { id: 'cancel', ...labels, schema: CancelBody, send },
      slots: { notice: '<p class="late">Cancellazione tardiva</p>' },
      global: { plugins: [i18n] },
      attachTo: document.body,
    });
    return wrapper;
  }

  async function openForm(form: VueWrapper) {
    await form.find('button[aria-controls="cancel-form"]').trigger('click');
    await flushPromises();
  }

  it('asks for the reason before sending, then sends it and closes', async () => {
    const send = vi.fn(async () => undefined);
    const form = mountWith(send);
    await openForm(form);
    expect(document.activeElement).toBe(form.find('#cancel-reason').element);
    expect(form.find('.late').exists()).toBe(true);

    await form.find('#cancel-form').trigger('submit');
    await flushPromises();
    expect(form.find('#cancel-reason-error').text()).toBe('Campo obbligatorio');
    expect(send).not.toHaveBeenCalled();

    await form.find('#cancel-reason').setValue('  La famiglia ha spostato l’incontro ');
    await form.find('#cancel-form').trigger('submit');
    await flushPromises();
    expect(send).toHaveBeenCalledWith('La famiglia ha spostato l’incontro');
    expect(form.find('#cancel-form').exists()).toBe(false);
  });

  it('stays open with what was typed and says why when sending fails', async () => {
    const send = vi
      .fn<(reason: string) => Promise<void>>()
      .mockRejectedValueOnce(new ApiError({ status: 503, code: 'UNAVAILABLE', detail: 'down' }))
      .mockRejectedValueOnce(
        new ApiError({ status: 400, code: 'VALIDATION', detail: 'bad', fieldErrors: { reason: 'è troppo lungo' } }),
      );
    const form = mountWith(send);
    await openForm(form);
    await form.find('#cancel-reason').setValue('Sciopero dei trasporti');

    await form.find('#cancel-form').trigger('submit');
    await flushPromises();
    expect(form.find('[role="alert"]').text()).toContain('Il servizio non è raggiungibile');
    expect((form.find('#cancel-reason').element as HTMLTextAreaElement).value).toBe('Sciopero dei trasporti');

    await form.find('#cancel-form').trigger('submit');
    await flushPromises();
    expect(form.find('[role="alert"]').text()).toContain('Controlla i campi segnalati');
    expect(form.find('#cancel-reason-error').text()).toBe('è troppo lungo');
    expect(form.find('#cancel-form').exists()).toBe(true);
  });

  it('closes without sending when kept, and gives the focus back to its button', async () => {
    const send = vi.fn(async () => undefined);
    const form = mountWith(send);
    await openForm(form);
    await form.find('#cancel-form button[type="button"]').trigger('click');
    await flushPromises();
    expect(form.find('#cancel-form').exists()).toBe(false);
    expect(document.activeElement).toBe(form.find('button[aria-controls="cancel-form"]').element);
    expect(send).not.toHaveBeenCalled();
  });
});
