import { AdminError } from '../lib/admin-error.ts';
import { findProviderPreset } from './provider-presets.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Fill a provider create request from its `preset`: name, protocol, base URL,
 * `responsesApi` and quirks, each only where the request left it out (the
 * request always wins; the preset's quirks sit under the request's). Anything
 * that is not a request with a known preset comes back as is: validation
 * happens afterwards, against the same schema as without a preset.
 */
export function applyProviderPreset(raw: unknown): unknown {
  if (!isRecord(raw) || typeof raw.preset !== 'string') return raw;
  const preset = findProviderPreset(raw.preset);
  if (!preset) {
    throw new AdminError(
      400,
      'invalid_request',
      `preset: no preset "${raw.preset}" (see GET /api/provider-presets)`,
    );
  }
  if (raw.baseUrl === undefined && preset.baseUrlNeedsEdit && preset.baseUrl.includes('{')) {
    throw new AdminError(
      400,
      'invalid_request',
      `baseUrl: the ${preset.name} preset needs your own URL, like ${preset.baseUrl}`,
    );
  }
  const quirks =
    raw.quirks === undefined
      ? preset.quirks
      : isRecord(raw.quirks)
        ? { ...preset.quirks, ...raw.quirks }
        : raw.quirks;
  return {
    ...raw,
    name: raw.name ?? preset.name,
    protocol: raw.protocol ?? preset.protocol,
    baseUrl: raw.baseUrl ?? preset.baseUrl,
    responsesApi: raw.responsesApi ?? (preset.protocol === 'openai' ? preset.responsesApi : undefined),
    ...(raw.quirks !== undefined || Object.keys(preset.quirks).length > 0 ? { quirks } : {}),
  };
}
