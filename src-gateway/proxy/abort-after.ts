import { GatewayError } from '../lib/errors.ts';

/**
 * An abort signal that fires after `ms` with the reason `makeReason()` builds, or
 * as soon as one of `parents` aborts (with its reason); `clear` stops the timer
 * and unhooks the parents. Linked controllers, not `AbortSignal.any`: that is
 * far costlier on Node 20, and the reason is a GatewayError undici rethrows as is.
 */
export function abortAfter(
  ms: number,
  makeReason: () => GatewayError,
  parents: AbortSignal[] = [],
): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(makeReason()), ms);
  timer.unref();
  const hooked: AbortSignal[] = [];
  const onParentAbort = function (this: AbortSignal): void {
    controller.abort(this.reason);
  };
  for (const parent of parents) {
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    parent.addEventListener('abort', onParentAbort);
    hooked.push(parent);
  }
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      for (const parent of hooked) parent.removeEventListener('abort', onParentAbort);
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

/** A provider's total time limit for one attempt, linked to `parent` (the client's or the request's signal). */
export function providerTimeout(
  provider: { name: string; timeouts: { totalMs: number } },
  parent: AbortSignal,
): { signal: AbortSignal; clear: () => void } {
  return abortAfter(
    provider.timeouts.totalMs,
    () =>
      timeoutError(
        'upstream_timeout',
        `Provider "${provider.name}" did not finish within ${provider.timeouts.totalMs} ms`,
        true,
        provider.name,
      ),
    [parent],
  );
}
