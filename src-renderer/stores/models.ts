import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Model } from '../../src-shared/schemas/model.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Models of the providers: the list; the models page adds the catalog and bulk actions. */
export const useModelsStore = defineStore('models', () => {
  const api = useAdminApi();
  const models = ref<Model[]>([]);
  const list = useRequest(async () => {
    models.value = (await api.client.models.list({})).data;
  });
  return { models, loading: list.loading, error: list.error, load: list.run };
});
