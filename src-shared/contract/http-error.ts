import { ContractCallError, errorShapeSchema, fieldIssueSchema } from './error-shape.ts';
import { z } from 'zod';

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(fieldIssueSchema).optional(),
  }),
});

/**
 * A failed `/api` answer as the `ContractCallError` the IPC client throws: the admin API's
 * `{ error: { status, code, message, details? } }` (the status and `Retry-After` are read from the
 * answer itself, so a proxy's error page still gets the right status). An answer that
 * is not the admin API's (a proxy's HTML page, a cut connection) still becomes one, in words.
 */
export async function contractErrorOf(response: Response): Promise<ContractCallError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = errorBody.safeParse(body);
  const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
  const shape = errorShapeSchema.parse({
    status: response.status,
    ...(parsed.success
      ? parsed.data.error
      : {
          code: 'http_error',
          message: `The gateway answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        }),
    ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
  });
  return new ContractCallError(shape);
}

/** A request that never got an answer (gateway stopped, network down) as a `ContractCallError`. */
export function networkError(error: unknown): ContractCallError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ContractCallError({
    status: 0,
    code: 'network_error',
    message: `Could not reach the gateway (${reason})`,
  });
}
