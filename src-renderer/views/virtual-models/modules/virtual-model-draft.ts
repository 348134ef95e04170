import type { z } from 'zod';
import type {
  createVirtualModelInput,
  PromptRule,
  VirtualModel,
} from '../../../../src-shared/schemas/virtual-model.ts';
import type { Translate } from '../../../components/describe-error.ts';

export type VirtualModelBody = z.input<typeof createVirtualModelInput>;

/** The parameter overrides as the editor holds them: JSON text per field, names to remove. */
export interface OverridesDraft {
  defaults: string;
  caps: string;
  force: string;
  remove: string[];
}

/** The form's starting values: a saved virtual model's, or a new one's. */
export function bodyOf(virtualModel?: VirtualModel): VirtualModelBody {
  return {
    name: virtualModel?.name ?? '',
    strategy: virtualModel?.strategy ?? 'priority',
    enabled: virtualModel?.enabled ?? true,
    maxAttempts: virtualModel?.maxAttempts,
    targets: (virtualModel?.targets ?? []).map((target) => ({ ...target })),
    promptRules: (virtualModel?.promptRules ?? []).map((rule) => ({ ...rule })),
  };
}

export function overridesDraftOf(virtualModel?: VirtualModel): OverridesDraft {
  const overrides = virtualModel?.paramOverrides;
  const text = (value: object | undefined) =>
    value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '';
  return {
    defaults: text(overrides?.defaults),
    caps: text(overrides?.caps),
    force: text(overrides?.force),
    remove: [...(overrides?.remove ?? [])],
  };
}

/**
 * The overrides from the editor's text: undefined when every field is empty; the invalid JSON
 * fields by their body path (`paramOverrides.defaults`) otherwise, for the messages next to them.
 */
export function parseOverrides(
  draft: OverridesDraft,
  t: Translate,
): { value?: VirtualModel['paramOverrides']; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const value: Record<string, unknown> = {};
  for (const field of ['defaults', 'caps', 'force'] as const) {
    const text = draft[field].trim();
    if (text === '') continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      value[field] = parsed;
    } catch {
      fieldErrors[`paramOverrides.${field}`] = t('virtualModels.jsonObject');
    }
  }
  const remove = draft.remove.map((name) => name.trim()).filter((name) => name !== '');
  if (remove.length > 0) value.remove = remove;
  return {
    value: Object.keys(value).length > 0 ? (value as VirtualModel['paramOverrides']) : undefined,
    fieldErrors,
  };
}

/** A new rule of a type, with the fields that type needs. */
export function newRule(type: PromptRule['type']): PromptRule {
  switch (type) {
    case 'system':
      return { type, mode: 'prepend', text: '' };
    case 'replace':
      return { type, pattern: '', replacement: '' };
    default:
      return { type, text: '' };
  }
}

/** Move the item at `from` to `to` (a new array; out-of-range moves change nothing). */
export function moveItem<Item>(items: readonly Item[], from: number, to: number): Item[] {
  const next = [...items];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length || from === to) return next;
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as Item);
  return next;
}

/** A sample request in the chosen client protocol, for the preview. */
export function sampleRequest(
  protocol: 'openai-chat' | 'openai-responses' | 'anthropic',
  system: string,
  user: string,
): Record<string, unknown> {
  const hasSystem = system.trim() !== '';
  switch (protocol) {
    case 'openai-chat':
      return {
        model: 'preview',
        messages: [
          ...(hasSystem ? [{ role: 'system', content: system }] : []),
          { role: 'user', content: user },
        ],
      };
    case 'openai-responses':
      return { model: 'preview', ...(hasSystem ? { instructions: system } : {}), input: user };
    case 'anthropic':
      return {
        model: 'preview',
        max_tokens: 1024,
        ...(hasSystem ? { system } : {}),
        messages: [{ role: 'user', content: user }],
      };
  }
}
