import type { z } from 'zod';
import { ApiError } from '@/api/client';
import type { MessageKey } from '@/i18n/message-key';
import { messageForIssue, type FieldErrors, type FormMessage } from '@/lib/form-errors';

/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only in secure contexts (https, localhost);
 * getRandomValues everywhere, so a phone on a plain-http test address still gets a proper v4 UUID.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Field errors from a zod error, one per field (the first issue), keyed by the dotted path the API uses
 * too. `raw` holds what the user typed per path (a blank one reads "required"); `invalidMessages` gives
 * a field its own words for a wrong value ("a phone number like 039 123 4567" beats "not valid").
 */
export function fieldErrorsFromIssues<Field extends string>(
  error: z.ZodError,
  raw: Partial<Record<Field, unknown>>,
  invalidMessages: Partial<Record<Field, MessageKey>> = {},
  pathToField: (path: string) => Field = (path) => path as Field,
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const field = pathToField(issue.path.join('.'));
    if (errors[field]) continue;
    const generic = messageForIssue(issue, raw[field]);
    const own = invalidMessages[field];
    errors[field] = own && !('key' in generic && generic.key === 'validation.required') ? { key: own } : generic;
  }
  return errors;
}

/** The message for a failure that is not about one field. */
export function messageForFailure(error: unknown, byCode: Partial<Record<string, MessageKey>> = {}): FormMessage {
  if (!(error instanceof ApiError)) return { key: 'errors.unexpected' };
  if (error.isUnreachable) return { key: 'errors.unreachable' };
  const own = byCode[error.code];
  if (own) return { key: own };
  if (error.status === 400) return { key: 'errors.checkFields' };
  return { key: 'errors.unexpected' };
}
