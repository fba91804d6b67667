import { isApiError } from '@/api/client';
import type { z } from 'zod';

/**
 * The last list a page loaded, kept on this device so it can show it offline with the time it was
 * loaded. Per person (another account on the same phone never sees it) and forgotten at sign-out.
 */
const PREFIX = 'ponte.offline.';
const keyOf = (userId: string, name: string) => `${PREFIX}${userId}.${name}`;

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function rememberCopy(userId: string, name: string, value: unknown, at = new Date()): void {
  try {
    storage()?.setItem(keyOf(userId, name), JSON.stringify({ savedAt: at.toISOString(), value }));
  } catch {
    // Storage full or refused (private mode): the page still works, only not offline.
  }
}

export function recallCopy<Schema extends z.ZodType>(
  userId: string,
  name: string,
  schema: Schema,
): { value: z.output<Schema>; savedAt: Date } | null {
  try {
    const raw = storage()?.getItem(keyOf(userId, name));
    if (!raw) return null;
    const stored = JSON.parse(raw) as { savedAt?: unknown; value?: unknown };
    const parsed = schema.safeParse(stored.value);
    const savedAt = typeof stored.savedAt === 'string' ? new Date(stored.savedAt) : null;
    return parsed.success && savedAt && !Number.isNaN(savedAt.getTime()) ? { value: parsed.data, savedAt } : null;
  } catch {
    return null;
  }
}

/** Sign-out: nothing of the person stays on the device. */
export function forgetCopies(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
}

/**
 * Loads a list from the network and keeps a copy; when the network cannot be reached, answers the
 * copy instead with the time it was saved (`savedAt`), or rethrows when there is none.
 */
export async function loadWithCopy<Schema extends z.ZodType>(
  userId: string | undefined,
  name: string,
  schema: Schema,
  fetcher: () => Promise<z.output<Schema>>,
): Promise<{ value: z.output<Schema>; savedAt: Date | null }> {
  try {
    const value = await fetcher();
    if (userId) rememberCopy(userId, name, value);
    return { value, savedAt: null };
  } catch (error) {
    if (userId && isApiError(error) && error.isUnreachable) {
      const copy = recallCopy(userId, name, schema);
      if (copy) return copy;
    }
    throw error;
  }
}
