import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { VirtualKey } from '../../src-shared/schemas/virtual-key.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Virtual keys: the list; their page adds create (secret shown once), rotate, limits. */
export const useVirtualKeysStore = defineStore('virtualKeys', () => {
  const api = useAdminApi();
  const virtualKeys = ref<VirtualKey[]>([]);
  const list = useRequest(async () => {
    virtualKeys.value = (await api.client.virtualKeys.list({})).data;
  });
  return { virtualKeys, loading: list.loading, error: list.error, load: list.run };
});
