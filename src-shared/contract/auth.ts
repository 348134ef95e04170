import { z } from 'zod';
import {
  authStatusSchema,
  changePasswordInput,
  loginInput,
  principalSchema,
  sessionTokenSchema,
  setupInput,
} from '../schemas/auth.ts';
import { operation } from './define-operation.ts';

/**
 * Admin authentication: first-run setup, login, the caller's identity, logout and password
 * change. Over IPC the caller is the principal the desktop main process gives the binding
 * (see `registerAdminIpc`); over HTTP it is the bearer token's.
 */
export const auth = {
  status: operation({
    summary: 'Whether the first admin still has to be created',
    input: z.object({}),
    output: authStatusSchema,
    errors: [],
    public: true,
  }),
  setup: operation({
    summary:
      'Create the first admin (password at least 8 characters) and log in; a headless gateway also needs the setupCode it printed at start (403 without it)',
    input: z.object({ body: setupInput }),
    output: sessionTokenSchema,
    errors: [400, 403, 409],
    public: true,
  }),
  login: operation({
    summary: 'Log in; 429 with Retry-After after 5 failures in 15 minutes for one username and IP',
    input: z.object({ body: loginInput }),
    output: sessionTokenSchema,
    errors: [400, 401, 429],
    public: true,
  }),
  me: operation({
    summary: 'Who the bearer token belongs to',
    input: z.object({}),
    output: principalSchema,
    errors: [],
  }),
  logout: operation({
    summary:
      'End every login session of this admin: all its login tokens are refused from now on (API tokens stay)',
    input: z.object({}),
    output: z.void(),
    errors: [],
  }),
  changePassword: operation({
    summary:
      'Change the password (403 when currentPassword is wrong); ends every login session and answers a new token (API tokens stay)',
    input: z.object({ body: changePasswordInput }),
    output: sessionTokenSchema,
    errors: [400, 403, 429],
  }),
};
