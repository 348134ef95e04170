import type { Request, Response } from 'express';
import type { ConfigSnapshot, KeyRuntime } from '../runtime/snapshot.ts';

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

export function sendModelList(response: Response, entries: ModelEntry[]): void {
  response.json({
    object: 'list',
    data: entries,
    has_more: false,
    first_id: entries[0]?.id ?? null,
    last_id: entries[entries.length - 1]?.id ?? null,
  });
}

export function findModelEntry(entries: ModelEntry[], request: Request): ModelEntry | undefined {
  const id = String(request.params.id ?? '');
  return entries.find((candidate) => candidate.id === id);
}
