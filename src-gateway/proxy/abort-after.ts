import { AbortHandle } from '../lib/abort-handle.ts';
import { GatewayError } from '../lib/errors.ts';

/**
 * A handle that aborts after `ms` with the reason `makeReason()` builds, or as
 * soon as `parent` aborts (with its reason); `clear` stops the timer and
 * unhooks the parent.
 */
export function abortAfter(
  ms: number,
  makeReason: () => GatewayError,
  parent?: AbortHandle,
): { signal: AbortHandle; clear: () => void } {
  const handle = new AbortHandle();
  const timer = setTimeout(() => handle.abort(makeReason()), ms);
  timer.unref();
  const onParentAbort = (): void => handle.abort(parent!.reason);
  if (parent?.aborted) handle.abort(parent.reason);
  else parent?.once('abort', onParentAbort);
  return {
    signal: handle,
    clear: () => {
      clearTimeout(timer);
      parent?.removeListener('abort', onParentAbort);
    },
  };
}

/** A 504 for a deadline or provider time limit that ran out. */
export function timeoutError(
  code: string,
  message: string,
  retryable: boolean,
  provider?: string,
): GatewayError {
  return new GatewayError({ status: 504, kind: 'timeout', code, message, retryable, provider });
}

/** A provider's total time limit for one attempt, linked to `parent` (the request's handle). */
export function providerTimeout(
  provider: { name: string; timeouts: { totalMs: number } },
  parent: AbortHandle,
): { signal: AbortHandle; clear: () => void } {
  return abortAfter(
    provider.timeouts.totalMs,
    () =>
      timeoutError(
        'upstream_timeout',
        `Provider "${provider.name}" did not finish within ${provider.timeouts.totalMs} ms`,
        true,
        provider.name,
      ),
    parent,
  );
}
