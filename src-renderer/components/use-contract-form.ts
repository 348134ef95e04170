import { reactive, ref, type UnwrapRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import { describeError, fieldErrorsOf, type Translate } from './describe-error.ts';

/** One zod issue in the user's language where the app has words for it, else zod's own message. */
export function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === ''
        ? t('validation.required')
        : t('validation.invalid');
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.minLength', { min: issue.minimum });
      return t('validation.minimum', { min: issue.minimum });
    case 'too_big':
      return issue.origin === 'string'
        ? t('validation.maxLength', { max: issue.maximum })
        : t('validation.maximum', { max: issue.maximum });
    case 'invalid_format':
      return issue.format === 'url' ? t('validation.url') : t('validation.invalid');
    default:
      return issue.message;
  }
}

/** The field errors of a failed parse, by path (`targets.0.modelId`), first message per field. */
export function fieldErrorsOfIssues(
  issues: readonly z.core.$ZodIssue[],
  t: Translate,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of issues) found[issue.path.map(String).join('.') || 'body'] ??= issueMessage(issue, t);
  return found;
}

/**
 * A form over one of the contract's input schemas (the `body` of an operation, e.g. `setupInput`):
 * `submit` validates the model with the same schema the gateway checks, then runs the action;
 * every invalid field (found here, or by the gateway: a 400's `details`) gets its message next to
 * it through `feedback(path)`, any other failure becomes `formError` in words (describeError).
 *
 *   const form = useContractForm(loginInput, () => ({ username: '', password: '' }));
 *   <n-form-item :label="t('login.username')" path="username" v-bind="form.feedback('username')">
 *   await form.submit((body) => auth.login(body));
 */
export function useContractForm<Schema extends z.ZodType<object>>(
  schema: Schema,
  initial: () => z.input<Schema>,
) {
  const { t } = useI18n();
  const model = reactive(initial() as object) as UnwrapRef<z.input<Schema>>;
  const fieldErrors = ref<Record<string, string>>({});
  const formError = ref<string>();
  const submitting = ref(false);

  /** The parsed value, or undefined with `fieldErrors` set. */
  function validate(): z.output<Schema> | undefined {
    const result = schema.safeParse(model);
    fieldErrors.value = result.success ? {} : fieldErrorsOfIssues(result.error.issues, t);
    formError.value = result.success ? undefined : t('errors.fixFields');
    return result.success ? result.data : undefined;
  }

  /** Validate, then run `action` with the parsed value; resolves true when it succeeded. */
  async function submit(action: (value: z.output<Schema>) => Promise<unknown>): Promise<boolean> {
    const value = validate();
    if (value === undefined) return false;
    submitting.value = true;
    try {
      await action(value);
      return true;
    } catch (error) {
      fieldErrors.value = fieldErrorsOf(error);
      formError.value = describeError(error, t);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  /** Props for Naive UI's `NFormItem` showing this field's error. */
  function feedback(path: string): { validationStatus?: 'error'; feedback?: string } {
    const message = fieldErrors.value[path];
    return message === undefined ? {} : { validationStatus: 'error', feedback: message };
  }

  /** Forget errors (the user edits again). */
  function reset(): void {
    fieldErrors.value = {};
    formError.value = undefined;
  }

  // One reactive object, so templates and scripts read `form.submitting`, `form.formError` as values.
  return reactive({ model, fieldErrors, formError, submitting, validate, submit, feedback, reset });
}
