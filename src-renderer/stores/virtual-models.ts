import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Model } from '../../src-shared/schemas/model.ts';
import type { PromptPreview, PromptPreviewInput } from '../../src-shared/schemas/prompt-preview.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import type {
  CreateVirtualModelInput,
  UpdateVirtualModelInput,
  VirtualModel,
} from '../../src-shared/schemas/virtual-model.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** One alias rule of the settings (`claude-*` → a model or virtual model name). */
export type Alias = Settings['aliases'][number];

/**
 * Virtual models and what their editor needs: the models a target can point at, the aliases
 * (a settings list, shown per virtual model) and the preview of what each upstream receives.
 */
export const useVirtualModelsStore = defineStore('virtualModels', () => {
  const api = useAdminApi();
  const virtualModels = ref<VirtualModel[]>([]);
  const models = ref<Model[]>([]);
  const aliases = shallowRef<Alias[]>([]);

  const list = useRequest(async () => {
    const [virtual, real, settings] = await Promise.all([
      api.client.virtualModels.list({}),
      api.client.models.list({}),
      api.client.settings.get({}),
    ]);
    virtualModels.value = virtual.data;
    models.value = real.data;
    aliases.value = settings.aliases;
  });

  const create = async (body: CreateVirtualModelInput): Promise<VirtualModel> => {
    const created = await api.client.virtualModels.create({ body });
    virtualModels.value = [...virtualModels.value, created];
    return created;
  };

  const update = async (id: string, body: UpdateVirtualModelInput): Promise<VirtualModel> => {
    const updated = await api.client.virtualModels.update({ id, body });
    virtualModels.value = virtualModels.value.map((item) => (item.id === id ? updated : item));
    return updated;
  };

  const remove = async (id: string): Promise<void> => {
    await api.client.virtualModels.remove({ id });
    virtualModels.value = virtualModels.value.filter((item) => item.id !== id);
  };

  /**
   * Replace the aliases that point at `target` with `patterns`, keeping every other alias in its
   * place (the settings hold one ordered list; the first match wins).
   */
  const saveAliases = async (target: string, patterns: string[]): Promise<void> => {
    const others = aliases.value.filter((alias) => alias.target !== target);
    const next = [...others, ...patterns.map((pattern) => ({ pattern, target }))];
    aliases.value = (await api.client.settings.update({ body: { aliases: next } })).aliases;
  };

  /** What each target's upstream would receive for a sample request (draft rules allowed). */
  const preview = (id: string, body: PromptPreviewInput): Promise<PromptPreview> =>
    api.client.prompts.preview({ id, body });

  return {
    virtualModels,
    models,
    aliases,
    loading: list.loading,
    error: list.error,
    load: list.run,
    create,
    update,
    remove,
    saveAliases,
    preview,
  };
});
