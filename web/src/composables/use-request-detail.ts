import type { RequestDetail } from '@ponte/shared';
import { computed, ref, watch, type Ref } from 'vue';
import { ApiError } from '@/api/client';
import type { FormMessage } from '@/lib/form-errors';
import { useRequestsStore } from '@/stores/requests';
import { messageForFailure } from '@/lib/form-errors';

/**
 * One request's detail for a page that shows it (the requester's request, the mediator's assignment):
 * loaded whenever `id` changes and on `load()`. `missing` is a 404 — not the caller's to see, or no
 * longer — told apart from a failure worth a retry.
 */
export function useRequestDetail(id: Ref<string>) {
  const requests = useRequestsStore();
  const request = computed<RequestDetail | undefined>(() => requests.details[id.value]);
  const loading = ref(false);
  const missing = ref(false);
  const loadError = ref<FormMessage | null>(null);

  async function load() {
    loading.value = true;
    loadError.value = null;
    try {
      await requests.fetchOne(id.value);
      missing.value = false;
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) missing.value = true;
      else loadError.value = messageForFailure(failure);
    } finally {
      loading.value = false;
    }
  }
  watch(id, load, { immediate: true });

  return { request, loading, missing, loadError, load };
}
