import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CreateModelInput, Model, UpdateModelInput } from '../../src-shared/schemas/model.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/**
 * Models of the providers: the list, create, enable/disable, delete, and a catalog entry applied
 * to one (prices, context window, capabilities). Actions reject with the contract's error.
 */
export const useModelsStore = defineStore('models', () => {
  const api = useAdminApi();
  const models = ref<Model[]>([]);
  const list = useRequest(async () => {
    models.value = (await api.client.models.list({})).data;
  });

  /** Put the server's answer in the list at once (the configChanged reload follows). */
  function remember(model: Model): Model {
    const known = models.value.some((candidate) => candidate.id === model.id);
    models.value = known
      ? models.value.map((candidate) => (candidate.id === model.id ? model : candidate))
      : [...models.value, model];
    return model;
  }

  const create = async (body: CreateModelInput) => remember(await api.client.models.create({ body }));
  const update = async (id: string, body: UpdateModelInput) =>
    remember(await api.client.models.update({ id, body }));
  const setEnabled = (id: string, enabled: boolean) => update(id, { enabled });
  const applyCatalog = async (id: string, catalogId: string) =>
    remember(await api.client.models.applyCatalog({ id, body: { catalogId } }));

  async function remove(id: string): Promise<void> {
    await api.client.models.remove({ id });
    models.value = models.value.filter((model) => model.id !== id);
  }

  /** Models created from catalog entries on one provider; answers how many were created and skipped. */
  async function addFromCatalog(providerId: string, catalogIds: string[]) {
    const result = await api.client.providers.addCatalogModels({ id: providerId, body: { catalogIds } });
    for (const model of result.data) remember(model);
    return result;
  }

  return {
    models,
    loading: list.loading,
    error: list.error,
    load: list.run,
    create,
    update,
    setEnabled,
    applyCatalog,
    remove,
    addFromCatalog,
  };
});
