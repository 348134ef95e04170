import type { z } from 'zod';
import type { ErrorShape, FieldIssue } from '../../src-shared/contract/error-shape.ts';
import { GatewayError, type ErrorKind } from './errors.ts';

/** The family's kind for an admin status (the HTTP status stays what the admin API documents). */
function kindOfStatus(status: number): ErrorKind {
  if (status === 400) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'internal';
  return 'invalid_request';
}

/**
 * The admin operations' error: a GatewayError (one family, lib/errors.ts) with the admin API's
 * positional constructor and the invalid fields. Transports render it as
 * `{ error: { code, message } }` with `status` (HTTP) or pass it through (IPC).
 * Messages name objects by name and id, never secrets.
 */
export class AdminError extends GatewayError implements ErrorShape {
  /** For invalid input: each field that failed. */
  readonly details?: FieldIssue[];

  constructor(
    status: number,
    code: string,
    message: string,
    options: { retryAfter?: number; details?: FieldIssue[] } = {},
  ) {
    super({ status, kind: kindOfStatus(status), code, message, retryAfter: options.retryAfter });
    this.name = 'AdminError';
    if (options.details) this.details = options.details;
  }
}

export function notFound(kind: string, id: string): AdminError {
  return new AdminError(404, 'not_found', `No ${kind} with id "${id}"`);
}

export function conflict(message: string): AdminError {
  return new AdminError(409, 'conflict', message);
}

export function invalidReference(message: string): AdminError {
  return new AdminError(400, 'invalid_reference', message);
}

/** One line per problem, each naming the field: `targets.0.modelId: Invalid input`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length === 0 ? 'body' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/** Validate untrusted input (HTTP body, IPC argument) or fail with 400 naming the field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AdminError(400, 'invalid_request', describeZodError(result.error));
  return result.data;
}
