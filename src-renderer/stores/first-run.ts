import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CreateProviderInput, Provider } from '../../src-shared/schemas/provider.ts';
import type { ProviderPreset } from '../../src-shared/schemas/provider-preset.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Remembered for this tab: the user chose to skip the guide. */
const skippedKey = 'llm-gateway.first-run-skipped';

/**
 * The first-run guide: while the gateway has no provider or no virtual key, the dashboard leads
 * to it (router guard), one screen per step: a provider, a key, a client.
 */
export const useFirstRunStore = defineStore('firstRun', () => {
  const api = useAdminApi();
  const presets = ref<ProviderPreset[]>([]);
  const providerCount = ref(0);
  const keyCount = ref(0);
  const skipped = ref(readSkipped());
  let complete = false;

  const progress = useRequest(async () => {
    const [providers, keys] = await Promise.all([
      api.client.providers.list({}),
      api.client.virtualKeys.list({}),
    ]);
    providerCount.value = providers.data.length;
    keyCount.value = keys.data.filter((key) => !key.isMonitoring).length;
  });

  const loadPresets = useRequest(async () => {
    presets.value = (await api.client.presets.list({})).data;
  });

  /** Whether the dashboard should lead to the guide now (nothing set up, not skipped). */
  async function shouldGuide(): Promise<boolean> {
    if (skipped.value || complete) return false;
    await progress.run();
    if (progress.error.value) return false; // never trap the user in the guide over a failed read
    // Once set up, this tab asks no more (a later delete does not bring the guide back).
    complete = providerCount.value > 0 && keyCount.value > 0;
    return !complete;
  }

  /** Add the provider and import its models (when it lists them); answers how many arrived. */
  async function addProvider(
    body: Partial<CreateProviderInput> & { preset?: string },
    importModels: boolean,
  ): Promise<{ provider: Provider; imported: number | undefined; importError?: unknown }> {
    const provider = await api.client.providers.create({ body });
    providerCount.value += 1;
    if (!importModels) return { provider, imported: undefined };
    try {
      const result = await api.client.providers.importModels({ id: provider.id });
      return { provider, imported: result.data.length };
    } catch (importError) {
      // The provider exists: the user can import from the providers page later.
      return { provider, imported: undefined, importError };
    }
  }

  function skip(): void {
    skipped.value = true;
    try {
      sessionStorage.setItem(skippedKey, '1');
    } catch {
      // Storage refused (private mode): the choice lasts until the page reloads.
    }
  }

  return {
    presets,
    providerCount,
    keyCount,
    skipped,
    loading: progress.loading,
    error: progress.error,
    loadProgress: progress.run,
    presetsLoading: loadPresets.loading,
    presetsError: loadPresets.error,
    loadPresets: loadPresets.run,
    shouldGuide,
    addProvider,
    skip,
  };
});

function readSkipped(): boolean {
  try {
    return typeof sessionStorage !== 'undefined' && sessionStorage.getItem(skippedKey) === '1';
  } catch {
    return false;
  }
}
