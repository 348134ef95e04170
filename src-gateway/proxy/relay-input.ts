import type { ServerResponse } from 'node:http';
import type { EncodeContext, InboundCodec, UpstreamCodec } from '../protocols/types.ts';
import type { UpstreamAnswer } from '../upstream/call-upstream.ts';
import type { Exchange } from './exchange.ts';
import type { JsonArrayFramer } from './json-array-framer.ts';
import type { PreparedRequest } from './prepare-upstream-request.ts';

/** What relaying one upstream answer to the client needs, streamed or not. */
export interface RelayInput {
  answer: UpstreamAnswer;
  exchange: Exchange;
  inbound: InboundCodec;
  upstream: UpstreamCodec;
  prepared: PreparedRequest;
  response: ServerResponse;
  context: EncodeContext;
  providerName: string;
  /** Streams only: the client reads a JSON array, not SSE (Gemini without `?alt=sse`). */
  framer?: JsonArrayFramer;
}
