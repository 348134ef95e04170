import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../lib/errors.ts';
import type { InboundCodec } from '../protocols/types.ts';
import type { ConfigSnapshot, KeyRuntime } from '../config-snapshot/snapshot.ts';
import { sendLocalAnswer } from './respond.ts';
import type { LocalOperation } from './v1-operation.ts';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  type: 'model';
  display_name: string;
  created_at: string;
  context_window?: number;
  max_output_tokens?: number;
}

/** Epoch for entries without a meaningful creation date (the SDKs only need a valid value). */
const created = 1_700_000_000;
const createdAt = new Date(created * 1000).toISOString();
const listingPath = '/v1/models';

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: the models the key may use, from
 * memory, as one body both SDKs parse. Errors are in the shape of the SDK that
 * asked (an `anthropic-version` or `x-api-key` header means Anthropic's). Logged
 * as `models` (the id asked for as the requested model); not admitted, so a
 * client's listing at start never counts against the key's rpm.
 */
export function createModelsOperation(codecs: {
  chat: InboundCodec;
  anthropic: InboundCodec;
}): LocalOperation {
  return {
    kind: 'local',
    logAs: 'models',
    readsBody: false,
    errorCodec: (request) =>
      request.headers['anthropic-version'] || request.headers['x-api-key'] ? codecs.anthropic : codecs.chat,
    answer(exchange, _body, request, response, snapshot) {
      const entries = listModelsForKey(snapshot, exchange.key!);
      const id = modelIdOf(request);
      if (id === undefined) {
        sendLocalAnswer(response, exchange, {
          object: 'list',
          data: entries,
          has_more: false,
          first_id: entries[0]?.id ?? null,
          last_id: entries[entries.length - 1]?.id ?? null,
        });
        return;
      }
      exchange.requestedModel = id;
      const entry = entries.find((candidate) => candidate.id === id);
      if (!entry)
        throw new GatewayError({
          status: 404,
          kind: 'not_found',
          code: 'model_not_found',
          message: `The model "${id}" does not exist.`,
        });
      sendLocalAnswer(response, exchange, entry);
    },
  };
}

/**
 * The `{id}` of `/v1/models/{id}`, percent-decoded (SDKs encode a `/` in an id
 * as `%2F`), or undefined for the listing. The router matched the path
 * (case-insensitively, a trailing slash allowed, no `/` inside the id).
 */
function modelIdOf(request: IncomingMessage): string | undefined {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path.length <= listingPath.length) return undefined;
  const raw = path.slice(listingPath.length + 1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The models a key may use, as one body both SDKs parse: OpenAI's list fields
 * plus Anthropic's (`type`, `display_name`, `created_at`, paging fields), and the
 * context window Claude Code reads (protocols.md 1.4).
 */
export function listModelsForKey(snapshot: ConfigSnapshot, key: KeyRuntime): ModelEntry[] {
  const entries: ModelEntry[] = [];
  const allowed = key.allowedModels;
  for (const model of snapshot.modelsByName.values()) {
    if (!model.enabled || !model.provider.enabled || (allowed && !allowed.has(model.name))) continue;
    entries.push(entry(model.name, model.provider.name, model.contextWindow, model.maxOutputTokens));
  }
  for (const virtualModel of snapshot.virtualModelsByName.values()) {
    if (!virtualModel.enabled || (allowed && !allowed.has(virtualModel.name))) continue;
    const windows = virtualModel.targets
      .map((target) => target.model.contextWindow)
      .filter((value): value is number => value !== undefined);
    entries.push(
      entry(
        virtualModel.name,
        'llm-gateway',
        windows.length > 0 ? Math.min(...windows) : undefined,
        undefined,
      ),
    );
  }
  entries.sort((left, right) => left.id.localeCompare(right.id));
  return entries;
}

function entry(id: string, ownedBy: string, contextWindow?: number, maxOutput?: number): ModelEntry {
  const value: ModelEntry = {
    id,
    object: 'model',
    created,
    owned_by: ownedBy,
    type: 'model',
    display_name: id,
    created_at: createdAt,
  };
  if (contextWindow !== undefined) value.context_window = contextWindow;
  if (maxOutput !== undefined) value.max_output_tokens = maxOutput;
  return value;
}
