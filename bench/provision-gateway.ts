/** Configure a freshly started gateway through its admin API for the benchmark. */

export interface ProvisionedGateway {
  /** Virtual key (`sk-...`) for `/v1` calls. */
  key: string;
  /** A concrete model routed to the mock upstream. */
  modelName: string;
  /** A priority virtual model whose single target is `modelName`. */
  virtualModelName: string;
}

export interface ProvisionOptions {
  gatewayUrl: string;
  username: string;
  password: string;
  /** The mock's OpenAI base URL, including `/v1`. */
  upstreamBaseUrl: string;
}

/** POST JSON (with an admin token when given) and read the JSON answer; a refusal throws with its body. */
export async function call<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST ${new URL(url).pathname}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Log in, then create a provider, a model, a virtual model and a virtual key. */
export async function provisionGateway(options: ProvisionOptions): Promise<ProvisionedGateway> {
  const api = `${options.gatewayUrl}/api`;
  const { token } = await call<{ token: string }>(`${api}/auth/login`, {
    username: options.username,
    password: options.password,
  });
  const provider = await call<{ id: string }>(
    `${api}/providers`,
    { name: 'bench-mock', protocol: 'openai', baseUrl: options.upstreamBaseUrl, apiKey: 'sk-mock-upstream' },
    token,
  );
  const modelName = 'bench-model';
  const model = await call<{ id: string }>(
    `${api}/models`,
    { providerId: provider.id, name: modelName, upstreamModel: 'mock-model' },
    token,
  );
  const virtualModelName = 'bench-virtual';
  await call(
    `${api}/virtual-models`,
    { name: virtualModelName, strategy: 'priority', targets: [{ modelId: model.id, priority: 1 }] },
    token,
  );
  const { key } = await call<{ key: string }>(`${api}/virtual-keys`, { name: 'bench' }, token);
  return { key, modelName, virtualModelName };
}
