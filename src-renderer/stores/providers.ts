import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BulkAddResult } from '../../src-shared/schemas/catalog.ts';
import type { ProviderPreset } from '../../src-shared/schemas/provider-preset.ts';
import type { ProviderTestResult } from '../../src-shared/schemas/provider-test-result.ts';
import type {
  CreateProviderInput,
  Provider,
  UpdateProviderInput,
} from '../../src-shared/schemas/provider.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/**
 * Providers (upstream APIs) and the presets to add one from: the list, create and edit (keys are
 * write-only: the answers carry only a hint), enable/disable, test connection, import models, delete.
 * Actions reject with the contract's error; the page puts it in words.
 */
export const useProvidersStore = defineStore('providers', () => {
  const api = useAdminApi();
  const providers = ref<Provider[]>([]);
  const presets = ref<ProviderPreset[]>([]);
  const list = useRequest(async () => {
    providers.value = (await api.client.providers.list({})).data;
  });
  const presetList = useRequest(async () => {
    if (presets.value.length === 0) presets.value = (await api.client.presets.list({})).data;
  });

  /** Put the server's answer in the list at once (the configChanged reload follows). */
  function remember(provider: Provider): Provider {
    const index = providers.value.findIndex((candidate) => candidate.id === provider.id);
    if (index === -1) providers.value = [...providers.value, provider];
    else
      providers.value = providers.value.map((candidate) =>
        candidate.id === provider.id ? provider : candidate,
      );
    return provider;
  }

  async function create(body: CreateProviderInput): Promise<Provider> {
    return remember(await api.client.providers.create({ body }));
  }

  async function update(id: string, body: UpdateProviderInput): Promise<Provider> {
    return remember(await api.client.providers.update({ id, body }));
  }

  const setEnabled = (id: string, enabled: boolean) => update(id, { enabled });

  async function remove(id: string): Promise<void> {
    await api.client.providers.remove({ id });
    providers.value = providers.value.filter((provider) => provider.id !== id);
  }

  const testConnection = (id: string): Promise<ProviderTestResult> =>
    api.client.providers.testConnection({ id });

  const importModels = (id: string): Promise<BulkAddResult> => api.client.providers.importModels({ id });

  return {
    providers,
    presets,
    loading: list.loading,
    error: list.error,
    load: list.run,
    presetsLoading: presetList.loading,
    presetsError: presetList.error,
    loadPresets: presetList.run,
    create,
    update,
    setEnabled,
    remove,
    testConnection,
    importModels,
  };
});
