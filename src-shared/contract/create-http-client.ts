import type { Contract, ContractClient, Operation } from './define-operation.ts';
import { ContractCallError } from './error-shape.ts';
import { contractErrorOf, networkError } from './http-error.ts';
import type { HttpRoute } from './http-routes.ts';
import { readStreamRecords } from './read-stream-records.ts';

export interface HttpClientOptions {
  /** The gateway's origin (`http://127.0.0.1:3000`); `''` in the browser app, which is served by it. */
  baseUrl: string;
  /** The bearer token sent with every call that needs a login; undefined sends none. */
  getToken?: () => string | undefined;
  /** Called when a call that needs a login is refused with 401: the session is over. */
  onUnauthorized?: (error: ContractCallError) => void;
  fetch?: typeof fetch;
}

/** The pieces of one HTTP request for an operation's input (define-operation.ts: the input convention). */
export interface HttpRequestParts {
  method: string;
  url: string;
  body?: string;
}

function queryValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * `:name` path segments from the input's top-level fields, the other top-level fields (but `body`)
 * as the query, `body` as JSON for POST and PATCH. A missing path parameter fails here the way the
 * gateway would answer it, rather than requesting `/providers/undefined`.
 */
export function httpRequestOf(route: HttpRoute, input: Record<string, unknown>): HttpRequestParts {
  const used = new Set<string>(['body']);
  const path = route.path.replace(/:(\w+)/g, (_segment, name: string) => {
    used.add(name);
    const value = input[name];
    if (value === undefined || value === null || value === '')
      throw new ContractCallError({
        status: 400,
        code: 'invalid_request',
        message: `${name}: Required`,
        details: [{ path: name, message: 'Required' }],
      });
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input)) {
    if (used.has(name) || value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, queryValue(item));
  }
  const search = query.toString() === '' ? '' : `?${query.toString()}`;
  const withBody = route.method === 'post' || route.method === 'patch';
  return {
    method: route.method.toUpperCase(),
    url: `/api${path}${search}`,
    ...(withBody ? { body: JSON.stringify(input.body ?? {}) } : {}),
  };
}

/**
 * The browser's typed client over `/api`, built from the contract's route table: the same values
 * as `gateway.admin` and the IPC client, and on failure the same `ContractCallError` (status,
 * code, message, field details). Streaming operations are async iterables over the answer's
 * records (JSON lines parsed; a labelled download such as CSV yields each line as text, line end
 * included, as the IPC client does).
 */
export function createHttpClient<C extends Contract>(
  contract: C,
  routes: readonly HttpRoute[],
  options: HttpClientOptions,
): ContractClient<C> {
  const fetchImplementation = options.fetch ?? globalThis.fetch.bind(globalThis);
  const routeOf = new Map(routes.map((route) => [route.operation.name, route]));

  async function send(route: HttpRoute, input: unknown): Promise<Response> {
    const parts = httpRequestOf(route, (input ?? {}) as Record<string, unknown>);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (parts.body !== undefined) headers['content-type'] = 'application/json';
    const token = route.operation.public ? undefined : options.getToken?.();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImplementation(options.baseUrl + parts.url, {
        method: parts.method,
        headers,
        body: parts.body,
      });
    } catch (error) {
      throw networkError(error);
    }
    if (response.ok) return response;
    const failure = await contractErrorOf(response);
    if (failure.status === 401 && !route.operation.public) options.onUnauthorized?.(failure);
    throw failure;
  }

  async function call(route: HttpRoute, input: unknown): Promise<unknown> {
    const response = await send(route, input);
    const text = await response.text();
    return text === '' ? undefined : JSON.parse(text);
  }

  async function* stream(route: HttpRoute, input: unknown): AsyncGenerator<unknown> {
    const response = await send(route, input);
    if (!response.body) return;
    const labelled = route.streamResponse !== undefined;
    const csv = (response.headers.get('content-type') ?? '').startsWith('text/csv');
    for await (const record of readStreamRecords(response.body, { csv })) {
      if (labelled) yield record;
      else if (record.trim() !== '') yield JSON.parse(record);
    }
  }

  const client: Record<string, Record<string, unknown>> = {};
  for (const [domainName, domain] of Object.entries(contract)) {
    const methods: Record<string, unknown> = {};
    for (const [operationName, operation] of Object.entries(domain) as [string, Operation][]) {
      const route = routeOf.get(operation.name);
      if (!route) throw new Error(`No HTTP route for ${operation.name}`);
      methods[operationName] = operation.stream
        ? (input: unknown) => stream(route, input)
        : (input: unknown) => call(route, input);
    }
    client[domainName] = methods;
  }
  return client as ContractClient<C>;
}
