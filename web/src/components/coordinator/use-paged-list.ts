import { ref, type Ref } from 'vue';
import { ApiError } from '@/api/client';
import type { FormMessage } from '@/lib/form-errors';
import { failureMessage } from './form-messages';

/**
 * The state of one page of a coordinator list: `load()` fetches it with `fetchPage`, keeps the last
 * good page on a failure, and says what failed in words a form message can show.
 */
export function usePagedList<Item>(fetchPage: () => Promise<{ items: Item[]; total?: number | undefined }>) {
  const items = ref([]) as Ref<Item[]>;
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const failure = ref<FormMessage | null>(null);

  async function load() {
    loading.value = true;
    try {
      const page = await fetchPage();
      items.value = page.items;
      total.value = page.total ?? page.items.length;
      loaded.value = true;
      failure.value = null;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      failure.value = failureMessage(error);
    } finally {
      loading.value = false;
    }
  }

  return { items, total, loading, loaded, failure, load };
}
