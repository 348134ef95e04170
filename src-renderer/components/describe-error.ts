import { ContractCallError } from '../../src-shared/contract/index.ts';

/** The `t` of vue-i18n, as the helpers need it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * A failure in words a user understands: the admin API's own message (it names the object and
 * what is wrong), or for the cases it cannot speak to (gateway unreachable, session over,
 * throttled, internal error) a sentence in the user's language. Never "Request failed with 400".
 */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ContractCallError) {
    if (error.code === 'network_error') return t('errors.network');
    if (error.status === 401 && error.code !== 'invalid_credentials') return t('errors.sessionEnded');
    if (error.status === 429 && error.retryAfter !== undefined)
      return t('errors.tooManyAttempts', { seconds: error.retryAfter });
    // A full disk or a read-only database (503 storage_unavailable): the gateway's message says which.
    if (error.status >= 500 && error.code !== 'storage_unavailable') return t('errors.internal');
    return error.message;
  }
  return t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
}

/**
 * The invalid fields of a 400 (`details`), by path relative to the body (`targets.0.modelId`):
 * the first message per field, to show next to it.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  if (!(error instanceof ContractCallError)) return found;
  for (const issue of error.details ?? []) found[issue.path] ??= issue.message;
  return found;
}
