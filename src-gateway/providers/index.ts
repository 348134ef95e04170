export { providerPresets, findProviderPreset } from './provider-presets.ts';
export { providerPresetSchema, type ProviderPreset } from './provider-preset.ts';
export { applyProviderPreset } from './apply-provider-preset.ts';
export { listUpstreamModels, modelListPath } from './list-upstream-models.ts';
export {
  importProviderModels,
  type ImportModelsDependencies,
  type ImportModelsResult,
} from './import-provider-models.ts';
export { createProviderConnectionTester, type ProviderConnectionTester } from './test-provider-connection.ts';
