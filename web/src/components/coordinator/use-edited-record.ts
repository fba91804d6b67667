import { onMounted, ref, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '@/api/client';
import type { FormMessage } from '@/lib/form-errors';
import { failureMessage } from './form-messages';

/**
 * The state of a coordinator's page that edits one record (a mediator, an organization), or creates one
 * when the route has no id. Loads the record together with what its form needs first, tells a record
 * that is not there (404) from a failure worth a retry, and after the first save of a new record moves
 * to the record's own page (`?created=1`, where the page says so).
 */
export function useEditedRecord<T extends { id: string }>(options: {
  fetch: (id: string) => Promise<T>;
  /** What the form needs before it can show a record, such as reference lists. */
  prerequisites: () => Promise<unknown>[];
  /** The route of one record's page, with an `id` parameter. */
  recordRoute: string;
}) {
  const route = useRoute();
  const router = useRouter();
  const id = typeof route.params.id === 'string' ? route.params.id : null;
  const record = ref(null) as Ref<T | null>;
  const ready = ref(false);
  const loading = ref(false);
  const notFound = ref(false);
  const failure = ref<FormMessage | null>(null);

  async function load() {
    loading.value = true;
    try {
      const [found] = await Promise.all([id ? options.fetch(id) : Promise.resolve(null), ...options.prerequisites()]);
      record.value = found;
      ready.value = true;
      failure.value = null;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      if (error instanceof ApiError && error.status === 404) notFound.value = true;
      else failure.value = failureMessage(error);
    } finally {
      loading.value = false;
    }
  }

  function saved(result: T) {
    if (!id) {
      void router.replace({ name: options.recordRoute, params: { id: result.id }, query: { created: '1' } });
      return;
    }
    record.value = result;
  }

  onMounted(load);
  return { id, justCreated: route.query.created === '1', record, ready, loading, notFound, failure, load, saved };
}
