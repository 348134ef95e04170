import type { Dispatcher } from 'undici';
import type { AbortHandle } from '../proxy/abort-after.ts';

/** Receives an answer's body: each chunk as it arrives, then `end` or `error`, once. */
export interface BodyConsumer {
  data(chunk: Buffer): void;
  end(): void;
  error(error: Error): void;
}

/**
 * The body of an upstream answer, fed straight from undici's dispatch handler:
 * no Readable stream, no stream events, no promise per chunk. It has one
 * consumer; chunks that arrive before it attaches (the parser often delivers
 * the status, the body and the end in one go) are kept for it. `pause` and
 * `resume` reach the socket (a slow client slows the upstream read), and
 * `destroy` aborts the upstream request.
 */
export class UpstreamBody {
  #consumer: BodyConsumer | undefined;
  #pending: Buffer[] = [];
  #ended = false;
  #failure: Error | undefined;
  #done = false;
  #paused = false;
  #controller: Dispatcher.DispatchController | undefined;

  /** Attach the consumer: it gets what arrived so far, then the rest as it comes. */
  consume(consumer: BodyConsumer): void {
    if (this.#consumer) throw new Error('an upstream body has one consumer');
    this.#consumer = consumer;
    const pending = this.#pending;
    this.#pending = [];
    for (const chunk of pending) {
      if (this.#done) return;
      consumer.data(chunk);
    }
    if (this.#failure) this.#settle((target) => target.error(this.#failure!));
    else if (this.#ended) this.#settle((target) => target.end());
  }

  pause(): void {
    this.#paused = true;
    this.#controller?.pause();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#controller?.resume();
  }

  /** Stop reading and abort the upstream request; the consumer hears nothing more. */
  destroy(reason?: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#pending = [];
    this.#controller?.abort(reason ?? new Error('The upstream answer was discarded'));
  }

  /** @internal The dispatch handler's side. */
  attach(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#paused) controller.pause();
  }

  /** @internal */
  push(chunk: Buffer): void {
    if (this.#done) return;
    if (this.#consumer) this.#consumer.data(chunk);
    else this.#pending.push(chunk);
  }

  /** @internal */
  finish(): void {
    if (this.#done) return;
    this.#ended = true;
    if (this.#consumer) this.#settle((target) => target.end());
  }

  /** @internal */
  fail(error: Error): void {
    if (this.#done) return;
    this.#failure = error;
    if (this.#consumer) this.#settle((target) => target.error(error));
  }

  #settle(deliver: (consumer: BodyConsumer) => void): void {
    if (this.#done) return;
    this.#done = true;
    deliver(this.#consumer!);
  }
}

export interface DispatchedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
}

type Signal = AbortSignal | AbortHandle;

function onAbort(signal: Signal, listener: () => void): () => void {
  if ('once' in signal) {
    signal.once('abort', listener);
    return () => signal.removeListener('abort', listener);
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

/**
 * One request through undici's `dispatch` with a handler of our own (what
 * `request()` does, minus its Readable body and per-request bookkeeping).
 * Resolves when the status and headers arrive; rejects with the transport
 * error before that, or with the signal's reason when it aborts first. After
 * the headers, an abort or a failure reaches the body's consumer as an error.
 */
export function dispatchUpstream(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: Signal,
): Promise<DispatchedAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const body = new UpstreamBody();
    let controller: Dispatcher.DispatchController | undefined;
    let started = false;
    const stopListening = onAbort(signal, () => {
      const reason = signal.reason as Error;
      if (controller) controller.abort(reason);
      else if (!started) {
        started = true;
        reject(reason);
      }
    });
    dispatcher.dispatch(options, {
      onRequestStart(requestController) {
        controller = requestController;
        body.attach(requestController);
        if (signal.aborted) requestController.abort(signal.reason as Error);
      },
      onResponseStart(_controller, statusCode, headers) {
        if (started) return;
        started = true;
        resolve({ status: statusCode, headers, body });
      },
      onResponseData(_controller, chunk) {
        body.push(chunk);
      },
      onResponseEnd() {
        stopListening();
        body.finish();
      },
      onResponseError(_controller, error) {
        stopListening();
        if (!started) {
          started = true;
          reject(error);
        } else body.fail(error);
      },
    });
  });
}
