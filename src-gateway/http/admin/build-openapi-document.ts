import { z } from 'zod';
import {
  apiTokenSchema,
  apiTokenWithSecretSchema,
  createApiTokenInput,
} from '../../../src-shared/schemas/api-token.ts';
import { loginInput, sessionTokenSchema, setupInput } from '../../../src-shared/schemas/auth.ts';
import { errorBodySchema } from '../../../src-shared/contract/error-shape.ts';
import { createModelInput, modelSchema, updateModelInput } from '../../../src-shared/schemas/model.ts';
import {
  createProviderRequest,
  providerSchema,
  updateProviderInput,
} from '../../../src-shared/schemas/provider.ts';
import { settingsSchema } from '../../../src-shared/schemas/settings.ts';
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

type JsonSchema = Record<string, unknown>;

/** Schemas published under `components.schemas`; others are inlined. */
const componentNames = new Map<z.ZodType, string>([
  [errorBodySchema, 'Error'],
  [providerSchema, 'Provider'],
  [createProviderRequest, 'CreateProviderRequest'],
  [updateProviderInput, 'UpdateProviderInput'],
  [modelSchema, 'Model'],
  [createModelInput, 'CreateModelInput'],
  [updateModelInput, 'UpdateModelInput'],
  [virtualModelSchema, 'VirtualModel'],
  [createVirtualModelInput, 'CreateVirtualModelInput'],
  [updateVirtualModelInput, 'UpdateVirtualModelInput'],
  [virtualKeySchema, 'VirtualKey'],
  [virtualKeyWithSecretSchema, 'VirtualKeyWithSecret'],
  [createVirtualKeyInput, 'CreateVirtualKeyInput'],
  [updateVirtualKeyInput, 'UpdateVirtualKeyInput'],
  [settingsSchema, 'Settings'],
  [apiTokenSchema, 'ApiToken'],
  [apiTokenWithSecretSchema, 'ApiTokenWithSecret'],
  [createApiTokenInput, 'CreateApiTokenInput'],
  [loginInput, 'LoginInput'],
  [setupInput, 'SetupInput'],
  [sessionTokenSchema, 'SessionToken'],
]);

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'Invalid body or reference',
  401: 'Missing or invalid bearer token (or bad credentials)',
  404: 'Unknown id',
  409: 'Name taken, or still referenced',
  413: 'Body too large',
  429: 'Too many attempts (see Retry-After)',
};

/** JSON Schema 2020-12, which OpenAPI 3.1 uses as is. Requests use the input side (defaults optional). */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/**
 * The OpenAPI 3.1 document for `/api`, generated from the same route list the
 * router serves and the same zod schemas that validate the requests.
 */
export function buildOpenApiDocument(routes: AdminRoute[], info: { version: string }): JsonSchema {
  const schemas: Record<string, JsonSchema> = {};
  const reference = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const name = componentNames.get(schema);
    if (name === undefined) return toJsonSchema(schema, io);
    schemas[name] ??= toJsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const parameters = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {
      [route.status]: {
        description: statusText[route.status] ?? 'OK',
        ...(route.response ? { content: json(reference(route.response, 'output')) } : {}),
      },
    };
    const errors = new Set([
      ...(route.errors ?? []),
      ...(route.public ? [] : [401]),
      ...(route.requestBody ? [400] : []),
    ]);
    for (const status of [...errors].sort()) {
      responses[status] = {
        description: statusText[status] ?? 'Error',
        content: json(reference(errorBodySchema, 'output')),
      };
    }
    paths[path] ??= {};
    paths[path][route.method] = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_, letter: string) => letter.toUpperCase())}`,
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.requestBody
        ? { requestBody: { required: true, content: json(reference(route.requestBody, 'input')) } }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'LLM Gateway admin API',
      version: info.version,
      description:
        'Manage providers, models, virtual models, virtual keys and settings. Lists answer { data: [...] }; errors answer { error: { status, code, message, details? } } (details: the invalid fields, each { path, message }).',
    },
    servers: [{ url: '/api' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'A login token from POST /auth/login or an admin API token (gw_...)',
        },
      },
      schemas,
    },
  };
}
