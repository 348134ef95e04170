import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { VirtualModel } from '../../src-shared/schemas/virtual-model.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Virtual models: the list; their page adds targets, rules and the preview. */
export const useVirtualModelsStore = defineStore('virtualModels', () => {
  const api = useAdminApi();
  const virtualModels = ref<VirtualModel[]>([]);
  const list = useRequest(async () => {
    virtualModels.value = (await api.client.virtualModels.list({})).data;
  });
  return { virtualModels, loading: list.loading, error: list.error, load: list.run };
});
