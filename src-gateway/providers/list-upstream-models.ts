import type { Dispatcher } from 'undici';
import { AdminError } from '../lib/admin-error.ts';
import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';
import {
  anthropicFamily,
  geminiDefaultApiVersion,
  geminiFamily,
  openAiFamily,
} from '../upstream-families/index.ts';
import { scrubSecrets } from '../upstream/map-upstream-failure.ts';
import { modelListHeaders } from '../upstream/upstream-headers.ts';

const maxPages = 20;
const maxBytes = 16 * 1024 * 1024;

/** The path of a protocol's model list, below the provider's base URL. */
export function modelListPath(
  protocol: ProviderRuntime['protocol'],
  quirks: ProviderRuntime['quirks'] = {},
): string {
  if (protocol === 'anthropic') return anthropicFamily.paths.models;
  if (protocol === 'gemini') {
    return geminiFamily.paths.models(quirks.geminiApiVersion ?? geminiDefaultApiVersion);
  }
  return openAiFamily.paths.models;
}

function upstreamError(provider: ProviderRuntime, message: string): AdminError {
  return new AdminError(
    502,
    'upstream_error',
    scrubSecrets(`Provider "${provider.name}": ${message}`, provider.apiKeys),
  );
}

async function getJson(provider: ProviderRuntime, dispatcher: Dispatcher, url: string): Promise<unknown> {
  let answer: Dispatcher.ResponseData;
  try {
    // Imported here, like the dispatchers (create-dispatcher-pool.ts): undici is not evaluated at start.
    const { request } = await import('undici');
    answer = await request(url, {
      method: 'GET',
      headers: modelListHeaders(provider, provider.apiKeys[0]),
      dispatcher,
      headersTimeout: provider.timeouts.firstByteMs,
      bodyTimeout: provider.timeouts.idleMs,
      signal: AbortSignal.timeout(Math.min(provider.timeouts.totalMs, 120_000)),
    });
  } catch (error) {
    throw upstreamError(provider, `the model list could not be fetched (${(error as Error).message})`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      answer.body.destroy();
      throw upstreamError(provider, `the model list is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (answer.statusCode < 200 || answer.statusCode >= 300) {
    throw upstreamError(provider, `the model list answered HTTP ${answer.statusCode}: ${text.slice(0, 300)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw upstreamError(provider, 'the model list is not JSON');
  }
}

interface Page {
  ids: string[];
  next?: Record<string, string>;
}

function readPage(protocol: ProviderRuntime['protocol'], body: unknown): Page {
  const list = (body ?? {}) as Record<string, unknown>;
  if (protocol === 'gemini') {
    const models = Array.isArray(list.models) ? (list.models as Array<Record<string, unknown>>) : [];
    // Only models that chat; embedding and other models have no generateContent.
    const ids = models
      .filter(
        (model) =>
          !Array.isArray(model.supportedGenerationMethods) ||
          model.supportedGenerationMethods.includes('generateContent'),
      )
      .map((model) => String(model.name ?? '').replace(/^models\//, ''));
    const token =
      typeof list.nextPageToken === 'string' && list.nextPageToken ? list.nextPageToken : undefined;
    return { ids, ...(token ? { next: { pageToken: token } } : {}) };
  }
  const data = Array.isArray(list.data) ? (list.data as Array<Record<string, unknown>>) : [];
  const ids = data.map((model) => String(model.id ?? ''));
  if (protocol === 'anthropic' && list.has_more === true && typeof list.last_id === 'string') {
    return { ids, next: { after_id: list.last_id } };
  }
  return { ids };
}

/**
 * The provider's own model ids, from its model-list endpoint (OpenAI `/models`,
 * Anthropic `/v1/models`, Gemini `/v1beta/models`), following pages. The URL is
 * built from the configured base URL only, over the provider's dispatcher (its proxy).
 */
export async function listUpstreamModels(
  provider: ProviderRuntime,
  dispatcher: Dispatcher,
): Promise<string[]> {
  const base = `${provider.baseUrl}${modelListPath(provider.protocol, provider.quirks)}`;
  const firstQuery: Record<string, string> =
    provider.protocol === 'anthropic'
      ? { limit: '1000' }
      : provider.protocol === 'gemini'
        ? { pageSize: '1000' }
        : {};
  const ids: string[] = [];
  let query: Record<string, string> | undefined = firstQuery;
  for (let page = 0; query && page < maxPages; page++) {
    const search = new URLSearchParams(query).toString();
    const result = readPage(
      provider.protocol,
      await getJson(provider, dispatcher, search ? `${base}?${search}` : base),
    );
    ids.push(...result.ids);
    query = result.next ? { ...firstQuery, ...result.next } : undefined;
  }
  return [...new Set(ids.filter((id) => id !== ''))];
}
