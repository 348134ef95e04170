/** The preset shape is shared with the renderer; it lives in src-shared. */
export { providerPresetSchema, type ProviderPreset } from '../../src-shared/schemas/provider-preset.ts';
