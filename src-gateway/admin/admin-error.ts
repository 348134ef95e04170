import type { z } from 'zod';
import type { AdminErrorShape } from '../../src-shared/admin-contract.ts';
import type { FieldIssue } from '../../src-shared/contract/error-shape.ts';

/**
 * The admin service's one error type. Transports render it as
 * `{ error: { code, message } }` with `status` (HTTP) or pass it through (IPC).
 * Messages name objects by name and id, never secrets.
 */
export class AdminError extends Error implements AdminErrorShape {
  readonly status: number;
  readonly code: string;
  /** Seconds until a throttled call may be retried (429). */
  readonly retryAfter?: number;
  /** For invalid input: each field that failed. */
  readonly details?: FieldIssue[];

  constructor(
    status: number,
    code: string,
    message: string,
    options: { retryAfter?: number; details?: FieldIssue[] } = {},
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
    this.code = code;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
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
