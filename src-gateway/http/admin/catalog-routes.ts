import { z } from 'zod';
import { modelSchema } from '../../../src-shared/schemas/model.ts';
import { parseInput } from '../../admin/admin-error.ts';
import type { GatewayAdminService } from '../../admin/create-admin-service.ts';
import { addCatalogModels, applyCatalogEntry } from '../../catalog/add-catalog-models.ts';
import { capabilityNames, catalogEntrySchema, catalogStatusSchema } from '../../catalog/catalog-entry.ts';
import { maxPageSize } from '../../catalog/catalog-index.ts';
import type { CatalogService } from '../../catalog/create-catalog-service.ts';
import type { AdminRoute } from './admin-route.ts';

const catalogIdSchema = z.string().min(1).max(256);

const searchQuerySchema = z.object({
  q: z.string().max(256).optional(),
  provider: z.string().max(128).optional(),
  mode: z.string().max(64).optional(),
  /** Comma-separated or repeated. */
  capability: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')))
    .pipe(z.array(z.enum(capabilityNames)))
    .optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  page_size: z.coerce.number().int().min(1).max(maxPageSize).optional(),
});

export const applyCatalogInput = z.object({
  catalogId: catalogIdSchema,
  /** Model fields that win over the catalog's values (same rules as PATCH /models/:id). */
  overrides: z.record(z.string(), z.unknown()).optional(),
});

export const addCatalogModelsInput = z.object({ catalogIds: z.array(catalogIdSchema).min(1).max(500) });

const catalogPageSchema = z.object({
  data: z.array(catalogEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const refreshResultSchema = z.object({
  outcome: z.enum(['updated', 'not-modified', 'failed']),
  error: z.string().optional(),
  status: catalogStatusSchema,
});

/** The model catalog (LiteLLM price list): status, refresh, search, apply to a model, bulk add. */
export function createCatalogRoutes(admin: GatewayAdminService, catalog: CatalogService): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/catalog',
      tag: 'catalog',
      summary: 'Catalog status: source URL, entry count, when it was last updated and checked, last error',
      status: 200,
      response: catalogStatusSchema,
      handle: () => catalog.status(),
    },
    {
      method: 'post',
      path: '/catalog/refresh',
      tag: 'catalog',
      summary:
        'Fetch the catalog now (conditional on the cached ETag / Last-Modified); a failure keeps the cache',
      status: 200,
      response: refreshResultSchema,
      handle: () => catalog.refresh(),
    },
    {
      method: 'get',
      path: '/catalog/models',
      tag: 'catalog',
      summary:
        'Search the catalog: ?q= (exact > prefix > substring), &provider=, &mode=, &capability=tools,vision,reasoning,promptCaching,pdf,audioInput,audioOutput,responseSchema, &page=, &page_size=',
      status: 200,
      response: catalogPageSchema,
      errors: [400],
      handle: async ({ request }) => {
        const query = parseInput(searchQuerySchema, request.query);
        return catalog.search({
          query: query.q,
          provider: query.provider,
          mode: query.mode,
          capabilities: query.capability,
          page: query.page,
          pageSize: query.page_size,
        });
      },
    },
    {
      method: 'post',
      path: '/models/:id/apply-catalog',
      tag: 'models',
      summary:
        "Copy a catalog entry's prices, context window, max output and capabilities onto a model (overrides win); answers the model",
      requestBody: applyCatalogInput,
      status: 200,
      response: modelSchema,
      errors: [404],
      handle: ({ params, body }) => {
        const input = parseInput(applyCatalogInput, body);
        return applyCatalogEntry(admin, catalog, params.id!, input.catalogId, input.overrides);
      },
    },
    {
      method: 'post',
      path: '/providers/:id/catalog-models',
      tag: 'providers',
      summary:
        'Create models on a provider from catalog entries (prices and limits applied); answers the created models',
      requestBody: addCatalogModelsInput,
      status: 201,
      response: z.object({
        data: z.array(modelSchema),
        skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
      }),
      errors: [404],
      handle: ({ params, body }) => {
        const input = parseInput(addCatalogModelsInput, body);
        return addCatalogModels(admin, catalog, params.id!, input.catalogIds);
      },
    },
  ];
}
