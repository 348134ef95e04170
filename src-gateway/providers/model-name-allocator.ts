import type { AdminService } from '../../src-shared/admin-contract.ts';

/**
 * Picks names for models created in bulk: the upstream id when free, else
 * `<provider name>/<id>`; undefined when both are taken. Model and virtual
 * model names share one namespace.
 */
export async function createModelNameAllocator(
  admin: AdminService,
  providerName: string,
): Promise<(id: string) => string | undefined> {
  const [models, virtualModels] = await Promise.all([admin.listModels(), admin.listVirtualModels()]);
  const taken = new Set([...models, ...virtualModels].map((item) => item.name));
  return (id) => {
    const name = [id, `${providerName}/${id}`].find((candidate) => !taken.has(candidate));
    if (name !== undefined) taken.add(name);
    return name;
  };
}

/** The upstream model ids a provider already has a model for (bulk adds skip these). */
export async function upstreamModelsOf(admin: AdminService, providerId: string): Promise<Set<string>> {
  return new Set(
    (await admin.listModels())
      .filter((model) => model.providerId === providerId)
      .map((model) => model.upstreamModel),
  );
}
