/** The extra models the issue-20 scenarios route to: an Anthropic upstream and a chat stream held open. */
import { call } from './provision-gateway.ts';

/** Log in to the gateway's admin API; the token for `adminCall`. */
export async function adminLogin(gatewayUrl: string, username: string, password: string): Promise<string> {
  return (await call<{ token: string }>(`${gatewayUrl}/api/auth/login`, { username, password })).token;
}

/** One admin POST under `/api`. */
export function adminCall<T>(gatewayUrl: string, token: string, route: string, body: unknown): Promise<T> {
  return call<T>(`${gatewayUrl}/api${route}`, body, token);
}

export interface ScenarioModels {
  /** A model on an Anthropic-protocol provider (same protocol as `/v1/messages`: pass-through). */
  anthropicModelName: string;
  /** A model on the chat provider whose mock stream stays open `holdMs`. */
  holdModelName: string;
}

/** Add an Anthropic provider with one model, and a held-stream model on a second chat provider. */
export async function provisionScenarioModels(options: {
  gatewayUrl: string;
  username: string;
  password: string;
  mockUrl: string;
  holdMs: number;
}): Promise<ScenarioModels> {
  const { gatewayUrl } = options;
  const token = await adminLogin(gatewayUrl, options.username, options.password);
  const anthropic = await adminCall<{ id: string }>(gatewayUrl, token, '/providers', {
    name: 'bench-anthropic-mock',
    protocol: 'anthropic',
    baseUrl: options.mockUrl,
    apiKey: 'sk-ant-mock-upstream',
  });
  const anthropicModelName = 'bench-anthropic';
  await adminCall(gatewayUrl, token, '/models', {
    providerId: anthropic.id,
    name: anthropicModelName,
    upstreamModel: 'mock-model',
  });
  const hold = await adminCall<{ id: string }>(gatewayUrl, token, '/providers', {
    name: 'bench-hold-mock',
    protocol: 'openai',
    baseUrl: `${options.mockUrl}/v1`,
    apiKey: 'sk-mock-upstream',
  });
  const holdModelName = 'bench-hold';
  await adminCall(gatewayUrl, token, '/models', {
    providerId: hold.id,
    name: holdModelName,
    upstreamModel: `mock-hold-${options.holdMs}`,
  });
  return { anthropicModelName, holdModelName };
}
