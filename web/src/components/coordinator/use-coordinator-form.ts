import { ref, useTemplateRef } from 'vue';
import type { z } from 'zod';
import { ApiError } from '@/api/client';
import {
  fieldErrorsFromApi,
  fieldErrorsFromZod,
  focusFirstInvalid,
  nearestField,
  type FieldErrors,
  type FormMessage,
  type IssueMessage,
} from '@/lib/form-errors';
import { failureMessage, issueMessage } from './form-messages';

/**
 * What every coordinator form does on submit: check the input against the shared schema, send it, and
 * on a problem put each message under its field (`errors`), say what went wrong above the form
 * (`failure`) and move the focus to the first invalid field, or to the alert. The form's template names
 * its `<form>` "formElement" and its alert "alertBox". What was typed always stays.
 */
export function useCoordinatorForm(options: {
  /** The paths of the fields the form shows: a message for any other lands on the nearest one shown. */
  shownFields: () => ReadonlySet<string>;
  issueMessage?: IssueMessage;
}) {
  const errors = ref<FieldErrors<string>>({});
  const failure = ref<FormMessage | null>(null);
  const submitting = ref(false);
  const saved = ref(false);
  const formElement = useTemplateRef<HTMLFormElement>('formElement');
  const alertBox = useTemplateRef<{ focus(): void }>('alertBox');

  async function focusProblem() {
    if (!(await focusFirstInvalid(formElement.value))) alertBox.value?.focus();
  }

  /** Validates `input`, then `send`s what the schema made of it; a second submit while one runs is ignored. */
  async function submitWith<Schema extends z.ZodType>(
    schema: Schema,
    input: unknown,
    send: (data: z.output<Schema>) => Promise<void>,
  ) {
    if (submitting.value) return;
    failure.value = null;
    saved.value = false;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const shown = options.shownFields();
      errors.value = fieldErrorsFromZod(parsed.error, input, {
        fieldFor: (path) => nearestField(path, shown) ?? '',
        messageFor: options.issueMessage ?? issueMessage,
      });
      failure.value = { key: 'errors.checkFields' };
      await focusProblem();
      return;
    }
    errors.value = {};
    submitting.value = true;
    try {
      await send(parsed.data);
      saved.value = true;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      errors.value =
        error instanceof ApiError ? fieldErrorsFromApi(error, options.shownFields(), { unplaced: true }) : {};
      failure.value = failureMessage(error);
      await focusProblem();
    } finally {
      submitting.value = false;
    }
  }

  return { errors, failure, submitting, saved, submitWith };
}
