import type { AdminService } from './admin-service.ts';
import type { CreateModelRequest, Model } from '../../src-shared/schemas/model.ts';
import type { BulkAddResult } from '../../src-shared/schemas/catalog.ts';
import { catalogCreateFields, catalogModelFields, upstreamModelOf } from '../catalog/catalog-model-fields.ts';
import type { CatalogService } from '../catalog/create-catalog-service.ts';
import { bulkModelNames } from '../providers/bulk-model-names.ts';
import { AdminError } from '../lib/admin-error.ts';
import type { GatewayAdminService } from './create-admin-service.ts';

/** Copy a catalog entry onto a model; `overrides` (any model field) win over the catalog's values. */
export async function applyCatalogEntry(
  admin: AdminService,
  catalog: CatalogService,
  modelId: string,
  catalogId: string,
  overrides: Record<string, unknown> = {},
): Promise<Model> {
  await admin.getModel(modelId);
  const entry = await catalog.get(catalogId);
  if (!entry) throw new AdminError(400, 'invalid_reference', `catalogId: no catalog entry "${catalogId}"`);
  return admin.updateModel(modelId, { ...catalogModelFields(entry), ...overrides });
}

/**
 * Create one model per catalog entry on a provider, named after the vendor's
 * model id (or `<provider>/<id>` when taken), with the entry applied. Entries
 * this provider already has (same upstream model) are skipped, not duplicated.
 * All are created in one write (`createModels`): one transaction, one rebuild.
 */
export async function addCatalogModels(
  admin: GatewayAdminService,
  catalog: CatalogService,
  providerId: string,
  catalogIds: readonly string[],
): Promise<BulkAddResult> {
  const provider = await admin.getProvider(providerId);
  const entries = [];
  for (const [index, id] of catalogIds.entries()) {
    const entry = await catalog.get(id);
    if (!entry)
      throw new AdminError(400, 'invalid_reference', `catalogIds.${index}: no catalog entry "${id}"`);
    entries.push(entry);
  }
  const { existing, allocate } = await bulkModelNames(admin, provider);
  const inputs: CreateModelRequest[] = [];
  const skipped: BulkAddResult['skipped'] = [];
  for (const entry of entries) {
    const upstreamModel = upstreamModelOf(entry);
    if (existing.has(upstreamModel)) {
      skipped.push({ id: entry.id, reason: `provider already has a model for "${upstreamModel}"` });
      continue;
    }
    const name = allocate(upstreamModel);
    if (name === undefined) {
      skipped.push({ id: entry.id, reason: 'both possible names are taken' });
      continue;
    }
    existing.add(upstreamModel);
    inputs.push({ providerId, name, upstreamModel, ...catalogCreateFields(entry) });
  }
  return { data: await admin.createModels(inputs), skipped };
}
