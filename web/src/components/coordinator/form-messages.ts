import type { ApiError } from '@/api/client';
import { messageForFailure, messageForIssue, type FormMessage, type IssueMessage } from '@/lib/form-errors';

/**
 * The coordinator's words for form errors (the mechanism is `@/lib/form-errors`, shared by every role):
 * their forms are longer, so a broken rule is named more precisely, and a failed save says why.
 */

/** Reasons in the user's language from the kind of rule broken, not from the schema's English text. */
export const issueMessage: IssueMessage = (issue, value) => {
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
};

/** What a failed save says in the form's alert; field-level detail goes next to the fields. */
export function failureMessage(error: unknown): FormMessage {
  return messageForFailure(error, {}, statusMessage);
}

function statusMessage(error: ApiError): FormMessage | undefined {
  switch (error.status) {
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
      return undefined;
  }
}
