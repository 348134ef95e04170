import type { Response } from 'express';
import type { Logger } from '../../lib/logger.ts';
import { AdminError, errorShapeOf, storageError } from '../../lib/admin-error.ts';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/** Map anything thrown to an AdminError (body-parser failures included); internals are logged, never sent. */
export function toAdminError(error: unknown, logger: Logger): AdminError {
  if (error instanceof AdminError) return error;
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') {
    return new AdminError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  if (parserError?.type === 'entity.too.large') {
    return new AdminError(413, 'payload_too_large', 'The request body is too large');
  }
  if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
    return new AdminError(parserError.status, 'invalid_request', parserError.message ?? 'Invalid request');
  }
  logger.error({ err: error }, 'admin API request failed');
  const storage = storageError(error);
  if (storage) return storage;
  return new AdminError(500, 'internal_error', 'Internal error');
}

/**
 * `{ error: { status, code, message, details?, retryAfter? } }`: the contract's error shape, the
 * object the IPC binding sends as `{ ok: false, error }`, so a client handles both the same way.
 */
export function sendAdminError(response: Response, error: AdminError): void {
  if (error.retryAfter !== undefined) response.setHeader('Retry-After', String(error.retryAfter));
  if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  response.status(error.status).json({ error: errorShapeOf(error) });
}
