import type { z } from 'zod';
import type { ErrorShape, FieldIssue } from '../../src-shared/contract/error-shape.ts';
import { GatewayError, type ErrorKind } from './errors.ts';
import { describeStorageProblem, storageProblemOf } from './storage-problem.ts';

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
 * positional constructor and the invalid fields. Both bindings send its `errorShape` (the
 * contract's ErrorShape): HTTP as `{ error: shape }` with `shape.status` as the HTTP status,
 * IPC as `{ ok: false, error: shape }`. Messages name objects by name and id, never secrets.
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

/** What both bindings send for an admin error: the same object over HTTP and IPC. */
export function errorShapeOf(error: AdminError): ErrorShape {
  return {
    status: error.status,
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
  };
}

export function notFound(kind: string, id: string): AdminError {
  return new AdminError(404, 'not_found', `No ${kind} with id "${id}"`);
}

export function conflict(message: string): AdminError {
  return new AdminError(409, 'conflict', message);
}

/**
 * A full disk, a read-only or locked database as the 503 an operator can act on (it says which),
 * rather than a bare 500; undefined for any other error. Both bindings render it alike.
 */
export function storageError(error: unknown): AdminError | undefined {
  const problem = storageProblemOf(error);
  if (problem === undefined) return undefined;
  return new AdminError(
    503,
    'storage_unavailable',
    `The database could not be written: ${describeStorageProblem(problem)}. /v1 requests are still served.`,
  );
}

export function invalidReference(message: string): AdminError {
  return new AdminError(400, 'invalid_reference', message);
}

/**
 * A zod error's problems as the fields a person would fix: `targets.0.modelId`, `body` for the
 * value as a whole. `inOperationInput`: the path starts in an operation's input, where the
 * request body is the field `body` (left out, so both levels name a body field the same way).
 */
export function fieldIssuesOf(error: z.ZodError, inOperationInput = false): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = inOperationInput && issue.path[0] === 'body' ? issue.path.slice(1) : issue.path;
    return { path: path.length === 0 ? 'body' : path.map(String).join('.'), message: issue.message };
  });
}

/** 400 naming each invalid field: in the message (`field: problem; …`) and as `details`. */
export function invalidInput(details: FieldIssue[]): AdminError {
  const message = details.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new AdminError(400, 'invalid_request', message, { details });
}

/** Validate untrusted input (HTTP body, IPC argument) or fail with 400 naming the field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(fieldIssuesOf(result.error));
  return result.data;
}
