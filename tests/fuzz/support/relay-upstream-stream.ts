/**
 * The gateway's real stream relay (`proxy/relay-stream.ts`) over upstream bytes given as
 * chunks, without sockets: the chunks go into an `UpstreamBody` exactly as undici hands
 * them over, the client side is a response that records what was written.
 */
import type { ServerResponse } from 'node:http';
import { createExchange } from '../../../src-gateway/proxy/exchange.ts';
import { relayStream } from '../../../src-gateway/proxy/relay-stream.ts';
import { inboundCodecs, upstreamCodecs } from '../../../src-gateway/protocols/registry.ts';
import type { InboundProtocol, UpstreamProtocol } from '../../../src-gateway/protocols/types.ts';
import { UpstreamBody } from '../../../src-gateway/upstream/dispatch-upstream.ts';
import type { GatewayError } from '../../../src-gateway/lib/errors.ts';

export type ClientName = 'chat' | 'responses' | 'anthropic';

export const inboundProtocolOf: Record<ClientName, InboundProtocol> = {
  chat: 'openai-chat',
  responses: 'openai-responses',
  anthropic: 'anthropic',
};

export interface RelayOutcome {
  /** What the client received. */
  text: string;
  /** The failure the relay threw before the first byte (the caller renders it as a JSON error). */
  thrown?: unknown;
  /** The upstream failure that ended the stream after its first byte. */
  failure?: GatewayError;
}

/** A response that only records; never backed up, never destroyed. */
function recordingResponse(): { response: ServerResponse; written: () => string } {
  let text = '';
  const response = {
    writableNeedDrain: false,
    destroyed: false,
    write(chunk: string | Buffer) {
      text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      return true;
    },
    end(chunk?: string | Buffer) {
      if (chunk !== undefined) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      return this;
    },
    once() {
      return this;
    },
  };
  return { response: response as unknown as ServerResponse, written: () => text };
}

export async function relayUpstreamStream(options: {
  upstream: UpstreamProtocol;
  client: ClientName;
  chunks: Uint8Array[];
  /** Chat pass-through only: the gateway added `include_usage` the client did not ask for. */
  injectedUsage?: boolean;
  clientWantsUsage?: boolean;
}): Promise<RelayOutcome> {
  const inbound = inboundCodecs[options.client];
  const passthrough = inbound.protocol === options.upstream;
  const body = new UpstreamBody();
  for (const chunk of options.chunks) body.push(Buffer.from(chunk));
  body.finish();
  const exchange = createExchange({
    requestId: 'req_fuzz',
    inbound: inboundProtocolOf[options.client],
    clientIp: null,
    now: 0,
  });
  exchange.stream = true;
  exchange.clientWantsUsage = options.clientWantsUsage ?? true;
  const { response, written } = recordingResponse();
  try {
    const failure = await relayStream(
      {
        answer: { status: 200, headers: { 'content-type': 'text/event-stream' }, body },
        exchange,
        inbound,
        upstream: upstreamCodecs[options.upstream],
        prepared: {
          upstreamProtocol: options.upstream,
          passthrough,
          path: '/',
          body: '{}',
          headers: {},
          injectedUsage: passthrough && options.upstream === 'openai-chat' && options.injectedUsage === true,
        },
        response,
        context: {
          requestId: 'req_fuzz',
          model: 'client-model',
          created: 1_700_000_000,
          includeUsage: exchange.clientWantsUsage,
          clientBody: { model: 'client-model', stream: true },
          estimatedInputTokens: 12,
        },
        providerName: 'fuzz-upstream',
      },
      () => {},
    );
    return failure === undefined ? { text: written() } : { text: written(), failure };
  } catch (thrown) {
    return { text: written(), thrown };
  }
}

/** Random ids the decoders make up (`call_` + 24 characters) replaced by their order of appearance. */
export function normalizeIds(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/call_[A-Za-z0-9]{24}/g, (id) => {
    let placeholder = seen.get(id);
    if (placeholder === undefined) {
      placeholder = `call_generated${seen.size}`;
      seen.set(id, placeholder);
    }
    return placeholder;
  });
}
