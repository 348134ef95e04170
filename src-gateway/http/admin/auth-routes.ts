import {
  apiTokenSchema,
  apiTokenWithSecretSchema,
  createApiTokenInput,
} from '../../../src-shared/schemas/api-token.ts';
import {
  authStatusSchema,
  changePasswordInput,
  loginInput,
  principalSchema,
  sessionTokenSchema,
  setupInput,
} from '../../../src-shared/schemas/auth.ts';
import { listOf } from '../../../src-shared/schemas/common.ts';
import type { AuthService } from '../../auth/create-auth-service.ts';
import type { AdminRoute } from './admin-route.ts';

/** Login, first-run setup and the long-lived admin API tokens. */
export function createAuthRoutes(auth: AuthService): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/auth/status',
      tag: 'auth',
      summary: 'Whether the first admin still has to be created',
      public: true,
      status: 200,
      response: authStatusSchema,
      handle: () => auth.status(),
    },
    {
      method: 'post',
      path: '/auth/setup',
      tag: 'auth',
      summary:
        'Create the first admin (password at least 8 characters) and log in; a headless gateway also needs the setupCode it printed at start (403 without it)',
      public: true,
      requestBody: setupInput,
      status: 201,
      response: sessionTokenSchema,
      errors: [400, 403, 409],
      handle: ({ body }) => auth.setup(body),
    },
    {
      method: 'post',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Log in; 429 with Retry-After after 5 failures in 15 minutes for one username and IP',
      public: true,
      requestBody: loginInput,
      status: 200,
      response: sessionTokenSchema,
      errors: [400, 401, 429],
      handle: ({ body, clientIp }) => auth.login(body, clientIp),
    },
    {
      method: 'get',
      path: '/auth/me',
      tag: 'auth',
      summary: 'Who the bearer token belongs to',
      status: 200,
      response: principalSchema,
      handle: async ({ principal }) => principal,
    },
    {
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary:
        'End every login session of this admin: all its login tokens are refused from now on (API tokens stay)',
      status: 204,
      handle: ({ principal }) => auth.logout(principal!),
    },
    {
      method: 'post',
      path: '/auth/password',
      tag: 'auth',
      summary:
        'Change the password (403 when currentPassword is wrong); ends every login session and answers a new token (API tokens stay)',
      requestBody: changePasswordInput,
      status: 200,
      response: sessionTokenSchema,
      errors: [400, 403, 429],
      handle: ({ principal, body, clientIp }) => auth.changePassword(principal!, body, clientIp),
    },
    {
      method: 'get',
      path: '/api-tokens',
      tag: 'api-tokens',
      summary: 'List admin API tokens (never the tokens themselves)',
      status: 200,
      response: listOf(apiTokenSchema),
      handle: async () => ({ data: await auth.listApiTokens() }),
    },
    {
      method: 'post',
      path: '/api-tokens',
      tag: 'api-tokens',
      summary: 'Create an admin API token for scripts; the token (gw_...) is answered once',
      requestBody: createApiTokenInput,
      status: 201,
      response: apiTokenWithSecretSchema,
      errors: [400],
      handle: ({ principal, body }) => auth.createApiToken(principal!, body),
    },
    {
      method: 'delete',
      path: '/api-tokens/:id',
      tag: 'api-tokens',
      summary: 'Revoke an admin API token',
      status: 204,
      errors: [404],
      handle: ({ params }) => auth.revokeApiToken(params.id!),
    },
  ];
}
