import type { ProviderPreset } from '../../../../src-shared/schemas/provider-preset.ts';
import type {
  Provider,
  ProviderProtocol,
  UpdateProviderInput,
} from '../../../../src-shared/schemas/provider.ts';

/** The compatibility switches of an OpenAI-style upstream (see docs/admin-api.md, provider quirks). */
export const openAiQuirks = [
  'noStreamOptions',
  'toolIdNineAlnum',
  'reasoningContentRoundTrip',
  'developerRole',
] as const;
export type OpenAiQuirk = (typeof openAiQuirks)[number];

/** The advanced section as its inputs hold it (null or '': not set, the gateway's default applies). */
export interface AdvancedValues {
  connectMs: number | null;
  firstByteMs: number | null;
  idleMs: number | null;
  totalMs: number | null;
  proxyUrl: string;
  relayIsolation: boolean;
  requiredInstructions: string;
  /** Extra headers sent upstream with every request (empty rows are ignored). */
  headers: { name: string; value: string }[];
  /** OpenAI protocol only: the Responses API instead of Chat Completions where it carries more. */
  responsesApi: boolean;
  quirks: Record<OpenAiQuirk, boolean>;
  /** Anthropic protocol only: the `anthropic-beta` values passed on, comma-separated. */
  anthropicBetaAllowlist: string;
  /** Gemini protocol only: the API version in the path (`v1beta` when empty). */
  geminiApiVersion: string;
}

/** The inputs for a provider being edited, or empty ones for a new provider. */
export function advancedValuesOf(provider?: Provider): AdvancedValues {
  return {
    connectMs: provider?.timeouts?.connectMs ?? null,
    firstByteMs: provider?.timeouts?.firstByteMs ?? null,
    idleMs: provider?.timeouts?.idleMs ?? null,
    totalMs: provider?.timeouts?.totalMs ?? null,
    proxyUrl: provider?.proxyUrl ?? '',
    relayIsolation: provider?.relayIsolation?.enabled ?? false,
    requiredInstructions: provider?.relayIsolation?.requiredInstructions ?? '',
    headers: Object.entries(provider?.headers ?? {}).map(([name, value]) => ({ name, value })),
    responsesApi: provider?.responsesApi ?? false,
    quirks: Object.fromEntries(
      openAiQuirks.map((quirk) => [quirk, provider?.quirks?.[quirk] ?? false]),
    ) as Record<OpenAiQuirk, boolean>,
    anthropicBetaAllowlist: provider?.quirks?.anthropicBetaAllowlist?.join(', ') ?? '',
    geminiApiVersion: provider?.quirks?.geminiApiVersion ?? '',
  };
}

/** A preset's defaults shown in the inputs, so what the user sees is what is saved. */
export function withPresetDefaults(values: AdvancedValues, preset: ProviderPreset): AdvancedValues {
  return {
    ...values,
    responsesApi: preset.protocol === 'openai' && preset.responsesApi === true,
    quirks: Object.fromEntries(
      openAiQuirks.map((quirk) => [quirk, preset.quirks?.[quirk] === true]),
    ) as Record<OpenAiQuirk, boolean>,
    anthropicBetaAllowlist: preset.quirks?.anthropicBetaAllowlist?.join(', ') ?? '',
    geminiApiVersion: preset.quirks?.geminiApiVersion ?? '',
  };
}

/**
 * The body's fields for the advanced inputs. What is not set is left out of a create and cleared
 * (`null`) in an edit, so emptying an input really removes the value.
 */
export function advancedBody(
  values: AdvancedValues,
  mode: 'create' | 'edit',
  protocol: ProviderProtocol,
): Pick<
  UpdateProviderInput,
  'timeouts' | 'proxyUrl' | 'relayIsolation' | 'headers' | 'responsesApi' | 'quirks'
> {
  const cleared = mode === 'edit' ? null : undefined;
  const headerRows = values.headers
    .map((row) => ({ name: row.name.trim(), value: row.value }))
    .filter((row) => row.name !== '');
  const betas = values.anthropicBetaAllowlist
    .split(',')
    .map((beta) => beta.trim())
    .filter((beta) => beta !== '');
  // Only the protocol's own switches; every one sent as set (false too), so a preset's default
  // the user turned off stays off.
  const quirks =
    protocol === 'openai'
      ? { ...values.quirks }
      : protocol === 'anthropic'
        ? betas.length > 0
          ? { anthropicBetaAllowlist: betas }
          : undefined
        : values.geminiApiVersion.trim()
          ? { geminiApiVersion: values.geminiApiVersion.trim() }
          : undefined;
  const timeouts = Object.fromEntries(
    (['connectMs', 'firstByteMs', 'idleMs', 'totalMs'] as const)
      .filter((field) => values[field] !== null)
      .map((field) => [field, values[field]]),
  );
  const proxyUrl = values.proxyUrl.trim();
  const instructions = values.requiredInstructions.trim();
  return {
    headers:
      headerRows.length > 0 ? Object.fromEntries(headerRows.map((row) => [row.name, row.value])) : cleared,
    responsesApi: protocol === 'openai' ? values.responsesApi : cleared,
    quirks: quirks ?? cleared,
    timeouts: Object.keys(timeouts).length > 0 ? timeouts : cleared,
    proxyUrl: proxyUrl === '' ? cleared : proxyUrl,
    relayIsolation: values.relayIsolation
      ? { enabled: true, ...(instructions ? { requiredInstructions: instructions } : {}) }
      : mode === 'edit'
        ? { enabled: false }
        : undefined,
  };
}

/** The keys typed, without empty rows. */
export function typedKeys(keys: readonly string[]): string[] {
  return keys.map((key) => key.trim()).filter((key) => key !== '');
}
