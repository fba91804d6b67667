import type { z } from 'zod';
import { ApiError } from '@/api/client';
import { messageForIssue, type FormMessage } from '@/lib/form-errors';

/**
 * Field errors of the coordinator's forms, keyed by the dotted paths the API uses (`languages.0.code`,
 * `weekly.2.end`). A form shows each under the field with that path, or under the nearest enclosing
 * one it shows (`districtIds.3` → the districts fieldset).
 */
export type PathErrors = Record<string, FormMessage>;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Reasons in the user's language from the kind of rule broken, not from the schema's English text. */
export function issueMessage(issue: z.core.$ZodIssue, value: unknown): FormMessage {
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return { key: 'coordinator.validation.atLeastOne' };
      if (issue.origin === 'number')
        return { key: 'coordinator.validation.atLeast', params: { min: Number(issue.minimum) } };
      break;
    case 'too_big':
      if (issue.origin === 'number')
        return { key: 'coordinator.validation.atMost', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array') return { key: 'coordinator.validation.tooMany' };
      break;
    case 'invalid_format':
      if (issue.format === 'regex' && (last === 'start' || last === 'end'))
        return { key: 'coordinator.validation.time' };
      break;
    case 'custom':
      if (last === 'end' || last === 'endsAt') return { key: 'coordinator.validation.endAfterStart' };
      if (/twice/.test(issue.message)) return { key: 'coordinator.validation.duplicate' };
      break;
    case 'invalid_type':
      if (issue.expected === 'number' && typeof value === 'number') return { key: 'coordinator.validation.number' };
      break;
  }
  return messageForIssue(issue, value);
}

/** The longest shown field that is `path` or encloses it; undefined when the form shows none. */
export function nearestField(path: string, shown: ReadonlySet<string>): string | undefined {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    if (shown.has(candidate)) return candidate;
  }
  return undefined;
}

/** One message per shown field (the first issue), for a failed safeParse of `input`. */
export function errorsFromZod(
  error: z.ZodError,
  input: unknown,
  shown: ReadonlySet<string>,
  message = issueMessage,
): PathErrors {
  const errors: PathErrors = {};
  for (const issue of error.issues) {
    const field = nearestField(issue.path.join('.'), shown) ?? '';
    errors[field] ??= message(issue, valueAt(input, issue.path));
  }
  return errors;
}

/**
 * The server's field errors placed on the shown fields. What matches no field ends up under '' so the
 * form can still say it, with the path, in its alert.
 */
export function errorsFromApi(error: ApiError, shown: ReadonlySet<string>): PathErrors {
  const errors: PathErrors = {};
  for (const [path, text] of Object.entries(error.fieldErrors)) {
    const field = nearestField(path, shown);
    if (field) errors[field] ??= { text };
    else errors[''] ??= { text: `${path}: ${text}` };
  }
  return errors;
}

/** What a failed save says in the form's alert; field-level detail goes next to the fields. */
export function failureMessage(error: unknown): FormMessage {
  if (!(error instanceof ApiError)) return { key: 'errors.unexpected' };
  if (error.isUnreachable) return { key: 'errors.unreachable' };
  switch (error.status) {
    case 400:
      return { key: 'errors.checkFields' };
    case 401:
      return { key: 'coordinator.errors.signedOut' };
    case 403:
      return { key: 'coordinator.errors.forbidden' };
    case 404:
      return { key: 'coordinator.errors.notFound' };
    case 409:
      // A conflict on a field (an e-mail already in use) is said on the field; the form asks to check it.
      return error.hasFieldErrors
        ? { key: 'errors.checkFields' }
        : { key: 'coordinator.errors.conflict', params: { detail: error.detail } };
    case 429:
      return { key: 'coordinator.errors.rateLimited' };
    default:
      return { key: 'errors.unexpected' };
  }
}
