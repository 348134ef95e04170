import type { z } from 'zod';
import type { AdminService } from '../../../src-shared/admin-contract.ts';
import { listOf } from '../../../src-shared/schemas/common.ts';
import { createModelInput, modelSchema, updateModelInput } from '../../../src-shared/schemas/model.ts';
import {
  createProviderInput,
  providerSchema,
  updateProviderInput,
} from '../../../src-shared/schemas/provider.ts';
import { settingsPatchSchema, settingsSchema } from '../../../src-shared/schemas/settings.ts';
import {
  createVirtualKeyInput,
  updateVirtualKeyInput,
  virtualKeySchema,
  virtualKeyWithSecretSchema,
} from '../../../src-shared/schemas/virtual-key.ts';
import {
  createVirtualModelInput,
  updateVirtualModelInput,
  virtualModelSchema,
} from '../../../src-shared/schemas/virtual-model.ts';
import type { AdminRoute } from './admin-route.ts';

interface ResourceDefinition {
  /** URL segment, e.g. `virtual-models`. */
  path: string;
  /** Singular, for summaries. */
  noun: string;
  schema: z.ZodType;
  createInput: z.ZodType;
  updateInput: z.ZodType;
  /** The create answer, when it differs from `schema` (virtual keys show the key once). */
  createdSchema?: z.ZodType;
  list(): Promise<unknown[]>;
  get(id: string): Promise<unknown>;
  create(input: never): Promise<unknown>;
  update(id: string, input: never): Promise<unknown>;
  remove(id: string): Promise<void>;
  /** What a delete can still be blocked by (documented in the summary). */
  deleteConflict?: string;
}

/** The five routes every resource has (admin-api.md): list, create, get, patch, delete. */
function crudRoutes(resource: ResourceDefinition): AdminRoute[] {
  const collection = `/${resource.path}`;
  const item = `/${resource.path}/:id`;
  return [
    {
      method: 'get',
      path: collection,
      tag: resource.path,
      summary: `List ${resource.noun}s`,
      status: 200,
      response: listOf(resource.schema),
      handle: async () => ({ data: await resource.list() }),
    },
    {
      method: 'post',
      path: collection,
      tag: resource.path,
      summary: `Create a ${resource.noun}`,
      requestBody: resource.createInput,
      status: 201,
      response: resource.createdSchema ?? resource.schema,
      errors: [400, 409],
      handle: ({ body }) => resource.create(body as never),
    },
    {
      method: 'get',
      path: item,
      tag: resource.path,
      summary: `Get a ${resource.noun}`,
      status: 200,
      response: resource.schema,
      errors: [404],
      handle: ({ params }) => resource.get(params.id!),
    },
    {
      method: 'patch',
      path: item,
      tag: resource.path,
      summary: `Update a ${resource.noun} (only the given fields; null clears an optional field)`,
      requestBody: resource.updateInput,
      status: 200,
      response: resource.schema,
      errors: [400, 404, 409],
      handle: ({ params, body }) => resource.update(params.id!, body as never),
    },
    {
      method: 'delete',
      path: item,
      tag: resource.path,
      summary: `Delete a ${resource.noun}${resource.deleteConflict ? ` (409 while ${resource.deleteConflict})` : ''}`,
      status: 204,
      errors: resource.deleteConflict ? [404, 409] : [404],
      handle: ({ params }) => resource.remove(params.id!),
    },
  ];
}

/** Providers, models, virtual models, virtual keys and settings over the admin service. */
export function createResourceRoutes(admin: AdminService): AdminRoute[] {
  return [
    ...crudRoutes({
      path: 'providers',
      noun: 'provider',
      schema: providerSchema,
      createInput: createProviderInput,
      updateInput: updateProviderInput,
      list: () => admin.listProviders(),
      get: (id) => admin.getProvider(id),
      create: (input) => admin.createProvider(input),
      update: (id, input) => admin.updateProvider(id, input),
      remove: (id) => admin.deleteProvider(id),
      deleteConflict: 'models use it',
    }),
    ...crudRoutes({
      path: 'models',
      noun: 'model',
      schema: modelSchema,
      createInput: createModelInput,
      updateInput: updateModelInput,
      list: () => admin.listModels(),
      get: (id) => admin.getModel(id),
      create: (input) => admin.createModel(input),
      update: (id, input) => admin.updateModel(id, input),
      remove: (id) => admin.deleteModel(id),
      deleteConflict: 'a virtual model targets it',
    }),
    ...crudRoutes({
      path: 'virtual-models',
      noun: 'virtual model',
      schema: virtualModelSchema,
      createInput: createVirtualModelInput,
      updateInput: updateVirtualModelInput,
      list: () => admin.listVirtualModels(),
      get: (id) => admin.getVirtualModel(id),
      create: (input) => admin.createVirtualModel(input),
      update: (id, input) => admin.updateVirtualModel(id, input),
      remove: (id) => admin.deleteVirtualModel(id),
    }),
    ...crudRoutes({
      path: 'virtual-keys',
      noun: 'virtual key',
      schema: virtualKeySchema,
      createdSchema: virtualKeyWithSecretSchema,
      createInput: createVirtualKeyInput,
      updateInput: updateVirtualKeyInput,
      list: () => admin.listVirtualKeys(),
      get: (id) => admin.getVirtualKey(id),
      create: (input) => admin.createVirtualKey(input),
      update: (id, input) => admin.updateVirtualKey(id, input),
      remove: (id) => admin.deleteVirtualKey(id),
    }),
    {
      method: 'post',
      path: '/virtual-keys/:id/rotate',
      tag: 'virtual-keys',
      summary: 'Replace the secret of a virtual key (same id and settings); answers the new key once',
      status: 200,
      response: virtualKeyWithSecretSchema,
      errors: [404],
      handle: ({ params }) => admin.rotateVirtualKey(params.id!),
    },
    {
      method: 'get',
      path: '/settings',
      tag: 'settings',
      summary: 'Get the settings',
      status: 200,
      response: settingsSchema,
      handle: () => admin.getSettings(),
    },
    {
      method: 'patch',
      path: '/settings',
      tag: 'settings',
      summary:
        'Deep-merge the given fields into the settings (null removes a field); answers the whole object',
      requestBody: settingsPatchSchema,
      status: 200,
      response: settingsSchema,
      errors: [400],
      handle: ({ body }) => admin.updateSettings(body as Record<string, unknown>),
    },
  ];
}
