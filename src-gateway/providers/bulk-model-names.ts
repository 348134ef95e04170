import type { Model } from '../../src-shared/schemas/model.ts';
import type { VirtualModel } from '../../src-shared/schemas/virtual-model.ts';

/** What the names need of the admin service (a slice, so providers/ never imports admin/). */
export interface ModelListings {
  listModels(): Promise<Model[]>;
  listVirtualModels(): Promise<VirtualModel[]>;
}

export interface BulkModelNames {
  /** The upstream model ids the provider already has a model for (bulk adds skip these). */
  existing: Set<string>;
  /**
   * A name for a new model: the upstream id when free, else `<provider name>/<id>`;
   * undefined when both are taken. Model and virtual model names share one namespace.
   */
  allocate(id: string): string | undefined;
}

/** What a bulk add needs to know about existing names, from one listing of the models. */
export async function bulkModelNames(
  admin: ModelListings,
  provider: { id: string; name: string },
): Promise<BulkModelNames> {
  const [models, virtualModels] = await Promise.all([admin.listModels(), admin.listVirtualModels()]);
  const taken = new Set([...models, ...virtualModels].map((item) => item.name));
  const existing = new Set(
    models.filter((model) => model.providerId === provider.id).map((model) => model.upstreamModel),
  );
  return {
    existing,
    allocate(id) {
      const name = [id, `${provider.name}/${id}`].find((candidate) => !taken.has(candidate));
      if (name !== undefined) taken.add(name);
      return name;
    },
  };
}
