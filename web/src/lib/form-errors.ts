import { nextTick } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import { ApiError } from '@/api/client';
import type { MessageKey } from '@/i18n/message-key';

/**
 * The web app's one home for form errors: from a zod issue, from the API's problem+json, and for a
 * failure that is about no field. Every role's forms use it; a role chooses only its words.
 */

/**
 * A message for the user, kept as a key (translated when shown, so switching language re-renders it)
 * or, for what only the server can say, as its text.
 */
export type FormMessage = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

export type FieldErrors<Field extends string> = Partial<Record<Field, FormMessage>>;

/** The words for one zod issue, given the value it is about. */
export type IssueMessage = (issue: z.core.$ZodIssue, value: unknown) => FormMessage;

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

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The longest shown field that is `path` or encloses it (`districtIds.3` → `districtIds`); undefined when none. */
export function nearestField<Field extends string>(path: string, shown: Iterable<Field>): Field | undefined {
  const fields = new Set<string>(shown);
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (fields.has(candidate)) return candidate as Field;
  }
  return undefined;
}

export interface ZodErrorsOptions<Field extends string> {
  /** The field an issue's dotted path shows under; by default the path itself. */
  fieldFor?: (path: string) => Field;
  /** The words for an issue; by default `messageForIssue`. */
  messageFor?: IssueMessage;
  /** A field's own words for a wrong value ("a phone number like 039 123 4567" beats "not valid"). */
  invalidMessages?: Partial<Record<Field, MessageKey>>;
}

/**
 * Field errors from a zod error, one per field (the first issue), keyed by the dotted path the API uses
 * too. `input` is what the user typed: the value at an issue's path, or else under its field's name (a
 * blank one reads "required").
 */
export function fieldErrorsFromZod<Field extends string>(
  error: z.ZodError,
  input: unknown,
  {
    fieldFor = (path) => path as Field,
    messageFor = messageForIssue,
    invalidMessages = {},
  }: ZodErrorsOptions<Field> = {},
): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const issue of error.issues) {
    const field = fieldFor(issue.path.join('.'));
    if (errors[field]) continue;
    const value = valueAt(input, issue.path) ?? valueAt(input, [field]);
    const generic = messageFor(issue, value);
    const own = invalidMessages[field];
    errors[field] = own && !('key' in generic && generic.key === 'validation.required') ? { key: own } : generic;
  }
  return errors;
}

/**
 * The server's field errors placed on the nearest shown field. With `unplaced`, what matches no field
 * ends up under '' (with its path) so the form can still say it in its alert; otherwise the caller
 * says what to do with the rest.
 */
export function fieldErrorsFromApi<Field extends string>(
  error: ApiError,
  shown: Iterable<Field>,
  { unplaced = false } = {},
): FieldErrors<Field | ''> {
  const fields = [...shown];
  const errors: FieldErrors<Field | ''> = {};
  for (const [path, text] of Object.entries(error.fieldErrors)) {
    const field = nearestField(path, fields);
    if (field) errors[field] ??= { text };
    else if (unplaced) errors[''] ??= { text: `${path}: ${text}` };
  }
  return errors;
}

/**
 * The message for a failure that is not about one field: `byCode` for the API's codes a screen explains
 * itself, `byStatus` for a role's words on a status (the coordinator's screens say more than the others').
 */
export function messageForFailure(
  error: unknown,
  byCode: Partial<Record<string, MessageKey>> = {},
  byStatus: (error: ApiError) => FormMessage | undefined = () => undefined,
): FormMessage {
  if (!(error instanceof ApiError)) return { key: 'errors.unexpected' };
  if (error.isUnreachable) return { key: 'errors.unreachable' };
  const own = byCode[error.code];
  if (own) return { key: own };
  if (error.status === 400) return { key: 'errors.checkFields' };
  return byStatus(error) ?? { key: 'errors.unexpected' };
}

/** After the errors render, puts the keyboard (and the screen reader) on the first invalid field. */
export async function focusFirstInvalid(form: HTMLElement | null | undefined): Promise<boolean> {
  await nextTick();
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.focus();
  return Boolean(field);
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
