/** The request bodies and endpoints each scenario sends. */
import type { HttpTarget } from './latency.ts';

const system = 'You are a terse assistant.';
const user = 'Say something short about foxes.';

/** OpenAI chat body, non-stream or stream (with usage, as SDKs ask for it). */
export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    max_tokens: 64,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** Anthropic Messages body (always streamed here: the translated-stream scenario). */
export function anthropicBody(model: string): string {
  return JSON.stringify({
    model,
    max_tokens: 64,
    system,
    messages: [{ role: 'user', content: user }],
    stream: true,
  });
}

/**
 * The headers that route a request through Portkey to `upstreamBaseUrl` (which ends in `/v1`): its
 * provider (`openai` for chat, `anthropic` for Messages pass-through) and a custom host instead of the
 * provider's own; the key is forwarded to the mock, which ignores it.
 */
export function portkeyHeaders(
  provider: 'openai' | 'anthropic',
  upstreamBaseUrl: string,
): Record<string, string> {
  return {
    'x-portkey-provider': provider,
    'x-portkey-custom-host': upstreamBaseUrl,
    ...(provider === 'anthropic'
      ? { 'x-api-key': 'sk-ant-bench-portkey', 'anthropic-version': '2023-06-01' }
      : { authorization: 'Bearer sk-bench-portkey' }),
  };
}

export interface BenchEndpoints {
  mockUrl: string;
  floorUrl: string;
  gatewayUrl: string;
  /** Portkey's gateway (bench/spawn-portkey.ts), which forwards to the mock by its request headers. */
  portkeyUrl: string;
  key: string;
  modelName: string;
  virtualModelName: string;
}

/** Every target, by scenario name. */
export function buildTargets(endpoints: BenchEndpoints) {
  const chatPath = '/v1/chat/completions';
  const bearer = { authorization: `Bearer ${endpoints.key}` };
  const portkey = portkeyHeaders('openai', `${endpoints.mockUrl}/v1`);
  const chat = (
    name: string,
    base: string,
    headers: Record<string, string>,
    model: string,
    stream: boolean,
  ): HttpTarget => ({
    name,
    url: `${base}${chatPath}`,
    headers,
    body: chatBody(model, stream),
  });
  const model = endpoints.modelName;
  return {
    directChat: chat('direct', endpoints.mockUrl, {}, model, false),
    floorChat: chat('floor', endpoints.floorUrl, {}, model, false),
    gatewayChat: chat('gateway', endpoints.gatewayUrl, bearer, model, false),
    gatewayVirtualChat: chat(
      'gateway, virtual model',
      endpoints.gatewayUrl,
      bearer,
      endpoints.virtualModelName,
      false,
    ),
    portkeyChat: chat('Portkey', endpoints.portkeyUrl, portkey, model, false),
    directStream: chat('direct', endpoints.mockUrl, {}, model, true),
    floorStream: chat('floor', endpoints.floorUrl, {}, model, true),
    gatewayStream: chat('gateway', endpoints.gatewayUrl, bearer, model, true),
    portkeyStream: chat('Portkey', endpoints.portkeyUrl, portkey, model, true),
    gatewayTranslatedStream: {
      name: 'gateway, Anthropic in → chat upstream',
      url: `${endpoints.gatewayUrl}/v1/messages`,
      headers: { 'x-api-key': endpoints.key, 'anthropic-version': '2023-06-01' },
      body: anthropicBody(model),
    } satisfies HttpTarget,
  };
}

export type BenchTargets = ReturnType<typeof buildTargets>;
