import { nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import type { ApiError } from '@/api/client';
import type { MessageKey } from '@/i18n/message-key';

/**
 * A message for the user, kept as a key (translated when shown, so switching language re-renders it)
 * or, for what only the server can say, as its text.
 */
export type FormMessage = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

export type FieldErrors<Field extends string> = Partial<Record<Field, FormMessage>>;

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The user-facing reason for one zod issue, from the shared schemas' rules rather than their English messages. */
export function messageForIssue(issue: z.core.$ZodIssue, value: unknown): FormMessage {
  if (isBlank(value)) return { key: 'validation.required' };
  switch (issue.code) {
    case 'invalid_format':
      return { key: issue.format === 'email' ? 'validation.email' : 'validation.invalid' };
    case 'too_small':
      return issue.origin === 'string'
        ? { key: 'validation.minLength', params: { min: Number(issue.minimum) } }
        : { key: 'validation.invalid' };
    case 'too_big':
      return issue.origin === 'string'
        ? { key: 'validation.maxLength', params: { max: Number(issue.maximum) } }
        : { key: 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** One message per field (the first issue), keyed by the dotted path the API also uses. */
export function fieldErrorsFromZod<Field extends string>(
  error: z.ZodError,
  input: Record<Field, unknown>,
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') as Field;
    errors[field] ??= messageForIssue(issue, input[field]);
  }
  return errors;
}

/** The server's field errors for the fields this form shows; the caller says what to do with the rest. */
export function fieldErrorsFromApi<Field extends string>(
  error: ApiError,
  fields: readonly Field[],
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const field of fields) {
    const text = error.fieldErrors[field];
    if (text) errors[field] = { text };
  }
  return errors;
}

/** After the errors render, puts the keyboard (and the screen reader) on the first invalid field. */
export async function focusFirstInvalid(form: HTMLElement | null | undefined): Promise<void> {
  await nextTick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** Renders a FormMessage in the current language. */
export function useFormMessages() {
  const { t } = useI18n();
  return (message: FormMessage | null | undefined): string | undefined => {
    if (!message) return undefined;
    if ('text' in message) return message.text;
    return message.params ? t(message.key, message.params) : t(message.key);
  };
}
