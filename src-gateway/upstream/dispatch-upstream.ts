import type { Dispatcher } from 'undici';
import type { AbortHandle } from '../lib/abort-handle.ts';

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
    const controller = this.#controller;
    this.#release();
    controller?.abort(reason ?? new Error('The upstream answer was discarded'));
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
    const consumer = this.#consumer!;
    this.#release();
    deliver(consumer);
  }

  /** Drop what a finished body still points at (undici may keep its request a while longer). */
  #release(): void {
    this.#consumer = undefined;
    this.#controller = undefined;
    this.#pending = [];
  }
}

export interface DispatchedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
}

/**
 * undici's side of one call. A plain object rather than a set of closures, and
 * it lets go of the body, the promise and the signal as soon as the answer is
 * complete: undici may keep a finished request (and so its handler) a little
 * longer, and whatever the handler still held would then outlive two
 * scavenges and be promoted to the old generation for nothing.
 */
class UpstreamHandler implements Dispatcher.DispatchHandler {
  #body: UpstreamBody | undefined = new UpstreamBody();
  #signal: AbortHandle | undefined;
  #resolve: ((answer: DispatchedAnswer) => void) | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  readonly #onAbort = (): void => {
    const reason = this.#signal?.reason as Error;
    if (this.#controller) this.#controller.abort(reason);
    else this.#settle(undefined, reason);
  };

  constructor(
    signal: AbortHandle,
    resolve: (answer: DispatchedAnswer) => void,
    reject: (reason: unknown) => void,
  ) {
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    signal.once('abort', this.#onAbort);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    this.#body?.attach(controller);
    if (this.#signal?.aborted) controller.abort(this.#signal.reason as Error);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (this.#body) this.#settle({ status: statusCode, headers, body: this.#body });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#body?.push(chunk);
  }

  onResponseEnd(): void {
    const body = this.#body;
    this.#finish();
    body?.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const body = this.#body;
    const answered = this.#resolve === undefined;
    this.#settle(undefined, error);
    this.#finish();
    if (answered) body?.fail(error);
  }

  /** Resolve with the answer or reject, once. */
  #settle(answer: DispatchedAnswer | undefined, error?: unknown): void {
    const resolve = this.#resolve;
    const reject = this.#reject;
    this.#resolve = undefined;
    this.#reject = undefined;
    if (answer) resolve?.(answer);
    else reject?.(error);
  }

  #finish(): void {
    this.#signal?.removeListener('abort', this.#onAbort);
    this.#signal = undefined;
    this.#body = undefined;
    this.#controller = undefined;
  }
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
  signal: AbortHandle,
): Promise<DispatchedAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    dispatcher.dispatch(options, new UpstreamHandler(signal, resolve, reject));
  });
}
