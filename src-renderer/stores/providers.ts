import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Provider } from '../../src-shared/schemas/provider.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Providers (upstream APIs): the list; the providers page adds create, test, import. */
export const useProvidersStore = defineStore('providers', () => {
  const api = useAdminApi();
  const providers = ref<Provider[]>([]);
  const list = useRequest(async () => {
    providers.value = (await api.client.providers.list({})).data;
  });
  return { providers, loading: list.loading, error: list.error, load: list.run };
});
