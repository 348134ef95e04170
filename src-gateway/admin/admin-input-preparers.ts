import { applyProviderPreset } from '../providers/apply-provider-preset.ts';
import type { InputPreparers } from './create-contract-dispatcher.ts';

/**
 * `POST /providers` with `{ preset, apiKey }` is complete once the preset fills name, protocol and
 * base URL (admin-api.md): fill them before the contract checks the body, as the service does.
 */
export const adminInputPreparers: InputPreparers = {
  'providers.create': (input) =>
    typeof input === 'object' && input !== null && 'body' in input
      ? { ...input, body: applyProviderPreset(input.body) }
      : input,
};
