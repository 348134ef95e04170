/**
 * What a mock upstream can be told to answer. A reply is a scenario (rendered
 * in the wire format of the path the request came in on, streamed when the
 * request asks to stream) or a fault.
 */

/**
 * Token counts with the gateway's canonical meaning (protocols.md 2.7):
 * `input` is ALL input, cached included; `output` includes reasoning. Each
 * family renders them with its own semantics (Anthropic `input_tokens`
 * excludes cache, Gemini `candidatesTokenCount` excludes thoughts, ...).
 */
export interface ScenarioUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface ToolCallSpec {
  name: string;
  /** JSON text (Gemini needs it to parse to an object). */
  arguments: string;
  /** Default: `call_mock<n>_<i>` (`toolu_mock…` for Anthropic; none for Gemini, like the real API). */
  id?: string;
  /** Gemini `thoughtSignature` sent beside the call. */
  thoughtSignature?: string;
}

/** Options shared by every scenario. */
export interface ScenarioOptions {
  /** Default `{ input: 10, output: 5 }`. */
  usage?: ScenarioUsage;
  /** Characters per streamed text or reasoning piece. Default 8. */
  textPieceSize?: number;
  /** Characters per streamed tool-argument piece. Default 3: arguments arrive in many small pieces. */
  argumentPieceSize?: number;
  /** Pause between streamed events, in ms. Default 0. */
  eventDelayMs?: number;
  /** Model name to report. Default: the request's model. */
  model?: string;
  /** Why the turn ended when no tool was called. Default `end_turn`. */
  stopReason?: 'end_turn' | 'max_tokens' | 'content_filter';
}

export interface TextScenario extends ScenarioOptions {
  kind: 'text';
  text: string;
}

export interface ToolsScenario extends ScenarioOptions {
  kind: 'tools';
  calls: ToolCallSpec[];
  /** Text before the calls. */
  text?: string;
}

/**
 * Reasoning first (chat `reasoning_content`, Responses reasoning summary,
 * Anthropic `thinking` + signature, Gemini `thought` parts), then text and calls.
 */
export interface ReasoningScenario extends ScenarioOptions {
  kind: 'reasoning';
  reasoning: string;
  text?: string;
  calls?: ToolCallSpec[];
  /** Anthropic `signature_delta` / Gemini `thoughtSignature` / Responses `encrypted_content`. Default `sig_mock`. */
  signature?: string;
}

export type MockScenario = TextScenario | ToolsScenario | ReasoningScenario;

export type MockFault =
  /** Answer this status before any byte of a body; `body` defaults to the family's error shape. */
  | { fault: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Wait before the first byte, then answer `then`. */
  | { fault: 'delay'; ms: number; then: MockReply }
  /** Send `afterEvents` stream events of `scenario`, then go silent until the client gives up. */
  | { fault: 'stall-mid-stream'; afterEvents: number; scenario?: MockScenario }
  /** Send `afterEvents` stream events of `scenario`, then destroy the socket. */
  | { fault: 'drop-mid-stream'; afterEvents: number; scenario?: MockScenario }
  /** Exactly these bytes, `delayMs` apart (a `Uint8Array` chunk may end inside a UTF-8 character). */
  | {
      fault: 'raw';
      status: number;
      headers?: Record<string, string>;
      chunks: Array<string | Uint8Array>;
      delayMs?: number;
    };

export type MockReply = MockScenario | MockFault;

/** The wire family a request path belongs to. */
export type MockFamily = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** One request as the mock received it. The object is updated in place (`abortedAt`, `finishedAt`). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when there was none or it was not JSON). Arbitrary JSON, typed loosely for tests. */
  body: any;
  rawBody: string;
  /** Which family the path belongs to, when it is a generation endpoint. */
  family?: MockFamily;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** `Date.now()` when the client went away before the answer was complete. */
  abortedAt?: number;
  /** `Date.now()` when the mock finished answering. */
  finishedAt?: number;
}
