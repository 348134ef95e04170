/**
 * A `fetch` for the official SDKs that also reads every SSE stream the gateway
 * sends them (a tee of the body) and checks it with the strict validator of its
 * protocol, so SDK runs are grammar-checked too, not only the raw fetches.
 *
 * ```ts
 * const streams = createValidatingFetch();
 * const client = new OpenAI({ ..., fetch: streams.fetch });
 * afterEach(async () => expect(await streams.violations()).toEqual([]));
 * ```
 */
import {
  validateAnthropicStream,
  validateChatStream,
  validateResponsesStream,
} from '../../support/stream-validators.ts';

export interface ValidatingFetch {
  fetch: typeof fetch;
  /** Wait for every stream seen since the last call to finish; its violations, prefixed with the path. */
  violations(): Promise<string[]>;
  /** How many streams were checked so far. */
  readonly checked: number;
}

function validatorFor(path: string): ((text: string) => string[]) | undefined {
  if (path.endsWith('/chat/completions')) return (text) => validateChatStream(text);
  if (path.endsWith('/responses')) return validateResponsesStream;
  if (path.endsWith('/messages')) return (text) => validateAnthropicStream(text);
  return undefined;
}

/**
 * `skip(path, model)`: streams not to check, such as a pass-through of a
 * deliberately quirky upstream stream (pass-through relays the upstream's grammar).
 */
export function createValidatingFetch(
  options: { skip?: (path: string, model: string) => boolean } = {},
): ValidatingFetch {
  let pending: Array<Promise<string[]>> = [];
  let checked = 0;
  const validatingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
    const validate = validatorFor(path);
    let model: unknown;
    try {
      model = JSON.parse(String(init?.body ?? '{}')).model;
    } catch {
      model = undefined;
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!validate || !response.body || !contentType.startsWith('text/event-stream')) return response;
    if (options.skip?.(path, String(model))) return response;
    // Not `tee()`: a byte-stream tee stalls when the SDK stops reading one branch
    // without cancelling it (it does so after an in-band error). The source is
    // drained here and handed on chunk by chunk, so the client still streams.
    const source = response.body.getReader();
    let toClient!: ReadableStreamDefaultController<Uint8Array>;
    const forClient = new ReadableStream<Uint8Array>({
      start(controller) {
        toClient = controller;
      },
    });
    const pass = (action: () => void): void => {
      try {
        action();
      } catch {
        // The client cancelled its side; keep draining for the check.
      }
    };
    checked++;
    pending.push(
      (async () => {
        const chunks: Uint8Array[] = [];
        // undici may leave a pending read unsettled when the request is aborted after the last byte.
        const aborted = new Promise<never>((_, reject) => {
          const signal = init?.signal;
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        aborted.catch(() => undefined);
        try {
          for (;;) {
            const { done, value } = await Promise.race([source.read(), aborted]);
            if (done) break;
            chunks.push(value);
            pass(() => toClient.enqueue(value));
          }
          pass(() => toClient.close());
        } catch (error) {
          // The client aborted the request: a cut stream proves nothing either way.
          pass(() => toClient.error(error));
          return [];
        }
        const text = Buffer.concat(chunks).toString('utf8');
        return validate(text).map((violation) => `${path} (${String(model)}): ${violation}`);
      })(),
    );
    return new Response(forClient, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return {
    fetch: validatingFetch,
    async violations() {
      const settled = await Promise.all(pending);
      pending = [];
      return settled.flat();
    },
    get checked() {
      return checked;
    },
  };
}
