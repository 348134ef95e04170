/**
 * The canonical representation every protocol translates through.
 *
 * Close to Anthropic's content-block model (the richest of the three), so no
 * inbound protocol loses information on the way to another. Each protocol is
 * one decoder and one encoder against these types: N + M codecs instead of N x M.
 */

/** Where a piece of system text came from; see protocols.md section 5 (relay isolation). */
export type Provenance = 'client' | 'client-builtin' | 'gateway';

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface SystemText {
  text: string;
  provenance?: Provenance;
  cacheControl?: CacheControl;
}

/**
 * Where a provider-side file reference resolves, and only there: an OpenAI or Anthropic
 * Files API id, a Gemini Files API URI (or `gs://` object). Encoders for other families
 * refuse it (the gateway never downloads files to re-send them).
 */
export type FileStore = 'openai' | 'anthropic' | 'gemini';

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string }
  | { kind: 'file'; fileId: string; store: FileStore; mediaType?: string };

export interface TextBlock {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

export interface ImageBlock {
  type: 'image';
  source: ImageSource;
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

/**
 * A document or file part (PDF and the like): base64 `data`, a `url`, or a `fileId` in
 * `fileStore`. Passed where the target accepts it; otherwise the encoder refuses the
 * request with a 400 naming the part (protocols/unsupported-content.ts), never drops it.
 */
export interface FileBlock {
  type: 'file';
  mediaType?: string;
  data?: string;
  url?: string;
  fileId?: string;
  /** Which provider's store `fileId` names. */
  fileStore?: FileStore;
  filename?: string;
}

/**
 * A tool call made by the assistant. `arguments` stays a JSON string end to end,
 * so a call whose arguments are not valid JSON still survives translation.
 */
export interface ToolCallBlock {
  type: 'tool_call';
  id: string;
  name: string;
  arguments: string;
  /** Codex freeform (`custom`) tools: `arguments` holds the raw input text, not JSON. */
  custom?: boolean;
  /** Gemini `thoughtSignature` that must be replayed with the call (protocols.md 2.6). */
  thoughtSignature?: string;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolCallId: string;
  /** The called tool's name when known (Gemini needs it for `functionResponse`). */
  name?: string;
  content: string | Array<TextBlock | ImageBlock>;
  isError?: boolean;
  custom?: boolean;
}

/**
 * Reasoning ("thinking"). `signature` is only meaningful to the provider family
 * named in `origin`; encoders for other families drop it (protocols.md 2.6).
 */
export interface ReasoningBlock {
  type: 'reasoning';
  text: string;
  signature?: string;
  /** Anthropic `redacted_thinking.data`. */
  redactedData?: string;
  /** Responses `reasoning.encrypted_content`. */
  encryptedContent?: string;
  /** Responses reasoning item id, kept so a replay to the same upstream matches. */
  itemId?: string;
  origin?: 'anthropic' | 'openai' | 'gemini' | 'openai-chat';
}

export type ContentBlock =
  TextBlock | ImageBlock | FileBlock | ToolCallBlock | ToolResultBlock | ReasoningBlock;

export interface CanonicalMessage {
  /** `system` here is a mid-conversation system/developer message (leading ones go to `system`). */
  role: 'user' | 'assistant' | 'system';
  content: ContentBlock[];
}

export interface CanonicalTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (an object schema). */
  parameters: Record<string, unknown>;
  strict?: boolean;
  /** `custom`: Codex freeform tool (e.g. apply_patch), modelled upstream as one string parameter. */
  kind?: 'function' | 'custom';
}

/**
 * A tool the provider runs itself or defines itself (Responses `web_search`, `file_search`,
 * `computer_use_preview`, `mcp`, `local_shell`...; Anthropic `web_search_20250305`,
 * `code_execution_…`, `bash_…`; Gemini `googleSearch`, `codeExecution`...). Only an upstream
 * speaking `protocol` can run it: its encoder sends `definition` as it came, every other
 * encoder refuses the request naming the tool (never drops it silently).
 */
export interface BuiltinTool {
  protocol: 'openai-responses' | 'anthropic' | 'gemini';
  /** The tool's type (or Gemini's tool key), as the client named it. */
  type: string;
  definition: Record<string, unknown>;
  /** The client's tool choice names this tool: without it the request makes no sense. */
  forced?: boolean;
}

export type ToolChoice =
  { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface CanonicalRequest {
  model: string;
  system: SystemText[];
  messages: CanonicalMessage[];
  tools?: CanonicalTool[];
  /** Provider-run tools (web search, code execution...): see {@link BuiltinTool}. */
  builtinTools?: BuiltinTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  /** Requested reasoning. Either an effort bucket or a token budget; encoders convert. */
  reasoning?: { effort?: ReasoningEffort; budgetTokens?: number; summary?: string; enabled?: boolean };
  /** OpenAI `response_format` / Responses `text.format`: `json_object` or `json_schema`. */
  responseFormat?:
    | { type: 'text' }
    | { type: 'json_object' }
    | { type: 'json_schema'; name?: string; schema: Record<string, unknown>; strict?: boolean };
  stream: boolean;
  /** End-user identifier (`user`, `metadata.user_id`). */
  user?: string;
  /**
   * OpenAI's `service_tier` vocabulary (`auto`, `default`, `flex`, `priority`, `scale`);
   * Anthropic's `standard_only` is decoded as `default`. Encoders pass what their upstream knows.
   */
  serviceTier?: string;
  /** OpenAI `prompt_cache_key`: sent only to OpenAI's own API (`UpstreamTarget.openAiPlatform`). */
  promptCacheKey?: string;
}

/**
 * Canonical stop reason. `tool_use` wins whenever a tool call was emitted,
 * whatever the upstream said (protocols.md 0-11).
 */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'content_filter'
  | 'pause_turn'
  | 'context_window_exceeded';

/**
 * Token usage with one meaning regardless of protocol (protocols.md 2.7):
 * `inputTokens` is ALL input, cached included; `outputTokens` includes reasoning.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export interface CanonicalResponse {
  id: string;
  model: string;
  content: Array<TextBlock | ToolCallBlock | ReasoningBlock>;
  stopReason: StopReason;
  stopSequence?: string;
  usage: Usage;
}

/**
 * Stream events between an upstream decoder and an inbound encoder.
 * Decoders emit deltas only; encoders own block bookkeeping (opening, closing,
 * indices), so every outbound stream obeys its grammar whatever the upstream did.
 * `toolIndex` counts tool calls (0, 1, ...), not content blocks.
 */
export type StreamEvent =
  | { type: 'start'; id?: string; model?: string; usage?: Partial<Usage> }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'reasoning_signature'; signature: string; origin?: ReasoningBlock['origin'] }
  | { type: 'reasoning_redacted'; data: string }
  | { type: 'reasoning_encrypted'; itemId?: string; encryptedContent: string }
  | {
      type: 'tool_call_start';
      toolIndex: number;
      id: string;
      name: string;
      custom?: boolean;
      thoughtSignature?: string;
    }
  | { type: 'tool_call_delta'; toolIndex: number; arguments: string }
  /** Upstreams that send the full arguments only at the end (protocols.md 2.4, litellm#27144). */
  | { type: 'tool_call_done'; toolIndex: number; arguments?: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; reason: StopReason; stopSequence?: string }
  | { type: 'error'; status: number; code: string; message: string };

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

/** Merge a partial usage report into a running total (later reports win field by field). */
export function mergeUsage(target: Usage, update: Partial<Usage>): Usage {
  for (const key of Object.keys(update) as Array<keyof Usage>) {
    const value = update[key];
    if (typeof value === 'number' && Number.isFinite(value)) target[key] = value;
  }
  return target;
}
