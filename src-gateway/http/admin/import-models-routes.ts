import { z } from 'zod';
import { modelSchema } from '../../../src-shared/schemas/model.ts';
import {
  importProviderModels,
  type ImportModelsDependencies,
} from '../../providers/import-provider-models.ts';
import type { AdminRoute } from './admin-route.ts';

export const importModelsResultSchema = z.object({
  data: z.array(modelSchema),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});

/** `POST /api/providers/:id/import-models`: the upstream's own model list, as models. */
export function createImportModelsRoutes(dependencies: ImportModelsDependencies): AdminRoute[] {
  return [
    {
      method: 'post',
      path: '/providers/:id/import-models',
      tag: 'providers',
      summary:
        "Call the provider's model-list endpoint (at its configured base URL) and create the missing models, matched to catalog entries",
      status: 200,
      response: importModelsResultSchema,
      errors: [404, 502],
      handle: ({ params }) => importProviderModels(dependencies, params.id!),
    },
  ];
}
