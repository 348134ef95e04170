/**
 * Shared setup for the protocol-fidelity tests: one mock upstream speaking all
 * four wire families, one gateway with a model per upstream family, one key.
 */
import { startMockUpstream, type MockUpstream, type RecordedRequest } from '../../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../../support/start-test-gateway.ts';

/** The upstream families every inbound protocol is proven against. */
export type UpstreamKind = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

export interface UpstreamCase {
  kind: UpstreamKind;
  /** The gateway model name that routes to this family. */
  model: string;
  /** The model id the upstream receives. */
  upstreamModel: string;
}

/** Chat upstream, Anthropic upstream, Gemini upstream: the 3 families every inbound is crossed with. */
export const crossUpstreams: UpstreamCase[] = [
  { kind: 'openai-chat', model: 'via-openai', upstreamModel: 'gpt-upstream' },
  { kind: 'anthropic', model: 'via-anthropic', upstreamModel: 'claude-upstream' },
  { kind: 'gemini', model: 'via-gemini', upstreamModel: 'gemini-upstream' },
];

/** An OpenAI provider with `responsesApi: true` (Responses pass-through). */
export const responsesUpstream: UpstreamCase = {
  kind: 'openai-responses',
  model: 'via-responses',
  upstreamModel: 'gpt-responses-upstream',
};

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface ProtocolHarness {
  upstream: MockUpstream;
  gateway: TestGateway;
  key: string;
  /** `http://127.0.0.1:PORT` of the gateway. */
  url: string;
  /** POST JSON with fetch (Bearer key unless headers say otherwise) and read the whole body as text. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
  /** The last generation request the mock received (model lists excluded). */
  lastGeneration(): RecordedRequest;
  close(): Promise<void>;
}

const protocolOf = {
  'openai-chat': 'openai',
  'openai-responses': 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
} as const;

/** Start the mock upstream and a gateway with one model per upstream family. */
export async function startProtocolHarness(): Promise<ProtocolHarness> {
  const upstream = await startMockUpstream();
  const gateway = await startTestGateway();
  for (const target of [...crossUpstreams, responsesUpstream]) {
    await gateway.addModel({
      upstreamUrl: upstream.url,
      protocol: protocolOf[target.kind],
      name: target.model,
      upstreamModel: target.upstreamModel,
      provider: target.kind === 'openai-responses' ? { responsesApi: true } : {},
    });
  }
  const key = await gateway.addKey({ name: 'protocol-tests' });
  return {
    upstream,
    gateway,
    key,
    get url() {
      return gateway.url;
    },
    async post(path, body, headers = {}) {
      const response = await fetch(gateway.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    lastGeneration() {
      const found = [...upstream.requests].reverse().find((request) => request.family !== undefined);
      if (!found) throw new Error('the mock upstream received no generation request');
      return found;
    },
    async close() {
      await gateway.stop();
      await upstream.close();
    },
  };
}

/** Weather + time tools in the canonical (JSON Schema) form, reused by every protocol's tool list. */
export const weatherSchema = {
  type: 'object',
  properties: { location: { type: 'string' }, unit: { type: 'string' } },
  required: ['location'],
};
export const timeSchema = { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] };

/** Two parallel calls whose arguments the mock streams in 3-character pieces (one with a non-ASCII value). */
export const parallelCalls = [
  { name: 'get_weather', arguments: '{"location": "Zürich", "unit": "c"}' },
  { name: 'get_time', arguments: '{"zone": "Europe/Zurich"}' },
];

/** Usage with canonical meaning (input includes cache); each client checks it in its own protocol's semantics. */
export const scenarioUsage = { input: 40, output: 12, cacheRead: 10 };

/** What the upstream must have received for `kind`: path and the model id, in that family's request shape. */
export function expectedUpstreamPath(kind: UpstreamKind, stream: boolean, model: string): string {
  switch (kind) {
    case 'openai-chat':
      return '/v1/chat/completions';
    case 'openai-responses':
      return '/v1/responses';
    case 'anthropic':
      return '/v1/messages';
    case 'gemini':
      return `/v1beta/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`;
  }
}

/** The tool names in the upstream request body, in that family's shape. */
export function upstreamToolNames(kind: UpstreamKind, body: Record<string, any>): string[] {
  switch (kind) {
    case 'openai-chat':
      return (body.tools ?? []).map((tool: any) => tool.function.name);
    case 'openai-responses':
    case 'anthropic':
      return (body.tools ?? []).map((tool: any) => tool.name);
    case 'gemini':
      return (body.tools ?? []).flatMap((tool: any) => (tool.functionDeclarations ?? []).map((fn: any) => fn.name));
  }
}

/** The user text the upstream received, in that family's shape. */
export function upstreamUserText(kind: UpstreamKind, body: Record<string, any>): string {
  const texts: string[] = [];
  const collect = (content: unknown): void => {
    if (typeof content === 'string') texts.push(content);
    else if (Array.isArray(content))
      for (const part of content) if (typeof part?.text === 'string') texts.push(part.text);
  };
  if (kind === 'gemini') for (const item of body.contents ?? []) collect(item.parts);
  else if (kind === 'openai-responses') {
    if (typeof body.input === 'string') texts.push(body.input);
    else for (const item of body.input ?? []) if (item.role === 'user') collect(item.content);
  } else for (const message of body.messages ?? []) if (message.role === 'user') collect(message.content);
  return texts.join('');
}

/** A replayed tool call and its result, read back from an upstream request in any family's shape. */
export interface ToolRoundTrip {
  call: { id?: string; name: string; args: unknown };
  result: { id?: string; name?: string; text: string };
}

/** Find the (first) replayed tool call and tool result in the request the upstream received. */
export function upstreamToolRoundTrip(kind: UpstreamKind, body: Record<string, any>): ToolRoundTrip {
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
  if (kind === 'openai-chat') {
    const assistant = body.messages.find((message: any) => message.tool_calls);
    const tool = body.messages.find((message: any) => message.role === 'tool');
    const call = assistant.tool_calls[0];
    return {
      call: { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) },
      result: { id: tool.tool_call_id, text: text(tool.content) },
    };
  }
  if (kind === 'anthropic') {
    const blocks = body.messages.flatMap((message: any) => (Array.isArray(message.content) ? message.content : []));
    const use = blocks.find((block: any) => block.type === 'tool_use');
    const result = blocks.find((block: any) => block.type === 'tool_result');
    return {
      call: { id: use.id, name: use.name, args: use.input },
      result: { id: result.tool_use_id, text: text(result.content) },
    };
  }
  if (kind === 'openai-responses') {
    const call = body.input.find((item: any) => item.type === 'function_call');
    const output = body.input.find((item: any) => item.type === 'function_call_output');
    return {
      call: { id: call.call_id, name: call.name, args: JSON.parse(call.arguments) },
      result: { id: output.call_id, text: text(output.output) },
    };
  }
  const parts = body.contents.flatMap((content: any) => content.parts);
  const call = parts.find((part: any) => part.functionCall).functionCall;
  const response = parts.find((part: any) => part.functionResponse).functionResponse;
  return {
    call: { id: call.id, name: call.name, args: call.args },
    result: { id: response.id, name: response.name, text: text(response.response) },
  };
}
