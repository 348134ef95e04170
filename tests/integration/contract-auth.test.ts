import { afterEach, describe, expect, it } from 'vitest';
import {
  adminContract,
  adminHttpRoutes,
  ContractCallError,
  type AdminContract,
  type ContractClient,
} from '../../src-shared/contract/index.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import type { Principal } from '../../src-shared/schemas/auth.ts';
import { registerAdminIpc, type IpcInvokeEventLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * The auth and apiTokens operations through both bindings over one gateway: HTTP (`/api`, bearer
 * token) and IPC (`registerAdminIpc` with a fake `ipcMain`, the renderer's typed client). Each
 * answer is reduced to `{ ok, value }` or `{ ok: false, error: { status, code, message } }` so
 * the two can be compared as equals.
 */

interface ErrorFields {
  status: number;
  code: string;
  message: string;
  /** Invalid fields: both bindings send them. */
  details?: { path: string; message: string }[];
}
type Settled = { ok: true; value: unknown } | { ok: false; error: ErrorFields };

const password = 'correct-horse-battery';

let harness: TestGateway | undefined;
let removeIpc: (() => void) | undefined;

afterEach(async () => {
  removeIpc?.();
  removeIpc = undefined;
  await harness?.stop();
  harness = undefined;
});

/** The desktop window's client over the gateway's own dispatcher, acting as `principal`. */
function ipcClient(gateway: TestGateway, principal: Principal): ContractClient<AdminContract> {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  removeIpc = registerAdminIpc({
    ipcMain: {
      handle: (channel, listener) => handlers.set(channel, listener),
      removeHandler: (channel) => handlers.delete(channel),
    },
    dispatcher: gateway.gateway.admin,
    isTrustedSender: () => true,
    principal,
  });
  return createIpcClient(adminContract, async (channel, argument) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no IPC handler for ${channel}`);
    return handler({ sender: { id: 1 } }, argument);
  });
}

async function viaIpc(call: Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (!(error instanceof ContractCallError)) throw error;
    const { status, code, message, details } = error;
    return { ok: false, error: { status, code, message, ...(details ? { details } : {}) } };
  }
}

interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The answer body on success. */
  value: any;
  error?: ErrorFields;
}

async function viaHttp(
  gateway: TestGateway,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<HttpAnswer> {
  const answer = await gateway.api(method, path, body, token);
  const { status, headers } = answer;
  if (status < 400) return { status, headers, value: answer.body };
  return { status, headers, value: undefined, error: { status, ...answer.body.error } };
}

/** The part of an HTTP answer the IPC answer is compared with. */
function settled(answer: HttpAnswer): Settled {
  return answer.error ? { ok: false, error: answer.error } : { ok: true, value: answer.value };
}

async function start(): Promise<{
  gateway: TestGateway;
  ipc: ContractClient<AdminContract>;
  desktop: Principal;
}> {
  const gateway = await startTestGateway();
  harness = gateway;
  const me = await gateway.api('GET', '/api/auth/me');
  // What the desktop main process hands the binding: the local admin, no token expiry.
  const desktop: Principal = { adminId: me.body.adminId, username: me.body.username, via: 'login' };
  return { gateway, ipc: ipcClient(gateway, desktop), desktop };
}

describe('contract: auth over HTTP and IPC', () => {
  it('gateway.verifyToken: the desktop composition root turns a login into the principal the IPC binding acts as', async () => {
    const { gateway } = await start();
    // No raw auth service on the gateway: log in through the contract, then ask whose token it is.
    const local = { clientIp: 'local', transport: 'local' as const };
    const login = (await gateway.gateway.admin.call(
      'auth.login',
      { body: { username: 'admin', password } },
      local,
    )) as { token: string };
    const principal = await gateway.gateway.verifyToken(login.token);
    const me = (await gateway.api('GET', '/api/auth/me', undefined, login.token)).body;
    expect(principal).toEqual(me);
    expect(principal).toMatchObject({ username: 'admin', via: 'login' });
    await expect(gateway.gateway.verifyToken('not-a-token')).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
  });

  it('answers status, login (success, 401, 400 with the field path) and setup (409) the same way', async () => {
    const { gateway, ipc } = await start();

    const httpStatus = await viaHttp(gateway, 'GET', '/api/auth/status', undefined, '');
    expect(httpStatus.status).toBe(200);
    expect(settled(httpStatus)).toEqual({ ok: true, value: { needsSetup: false } });
    expect(await viaIpc(ipc.auth.status({}))).toEqual(settled(httpStatus));

    const credentials = { username: 'admin', password };
    const httpLogin = await viaHttp(gateway, 'POST', '/api/auth/login', credentials, '');
    expect(httpLogin.status).toBe(200);
    const ipcLogin = await ipc.auth.login({ body: credentials });
    expect(ipcLogin).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(httpLogin.value).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    // A login made over IPC is an ordinary session token: it opens the HTTP API.
    const meWithIpcToken = await gateway.api('GET', '/api/auth/me', undefined, ipcLogin.token);
    expect(meWithIpcToken.body).toMatchObject({ username: 'admin', via: 'login' });

    const wrong = { username: 'admin', password: 'not-the-password' };
    const httpWrong = await viaHttp(gateway, 'POST', '/api/auth/login', wrong, '');
    expect(settled(httpWrong)).toEqual({
      ok: false,
      error: { status: 401, code: 'invalid_credentials', message: 'Wrong username or password' },
    });
    expect(await viaIpc(ipc.auth.login({ body: wrong }))).toEqual(settled(httpWrong));

    const httpMissing = await viaHttp(gateway, 'POST', '/api/auth/login', { username: 'admin' }, '');
    expect(httpMissing.status).toBe(400);
    expect(httpMissing.error).toMatchObject({ code: 'invalid_request' });
    expect(httpMissing.error?.message).toMatch(/^password: /);
    // The renderer's types would refuse the call; a wrong argument is still checked at the boundary.
    const ipcMissing = ipc.auth.login({ body: { username: 'admin' } } as never);
    expect(await viaIpc(ipcMissing)).toEqual(settled(httpMissing));
    const details = await ipc.auth.login({ body: { username: 'admin' } } as never).catch((error) => error);
    expect(details).toBeInstanceOf(ContractCallError);
    expect(details.details).toEqual([{ path: 'password', message: expect.any(String) }]);

    const again = { username: 'second', password: 'another-password' };
    const httpSetup = await viaHttp(gateway, 'POST', '/api/auth/setup', again, '');
    expect(httpSetup.error).toMatchObject({ status: 409, code: 'conflict' });
    expect(await viaIpc(ipc.auth.setup({ body: again }))).toEqual(settled(httpSetup));
  });

  it('throttles login with 429: Retry-After over HTTP, retryAfter over IPC', async () => {
    const { gateway, ipc } = await start();
    const guess = (attempt: number) => ({ username: 'admin', password: `guess-${attempt}` });
    // The throttle counts per username and address: 127.0.0.1 for HTTP, `ipc` for the window.
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await viaHttp(gateway, 'POST', '/api/auth/login', guess(attempt), '')).status).toBe(401);
      expect(await viaIpc(ipc.auth.login({ body: guess(attempt) }))).toMatchObject({
        error: { status: 401 },
      });
    }
    const httpLocked = await viaHttp(gateway, 'POST', '/api/auth/login', { username: 'admin', password }, '');
    expect(httpLocked.status).toBe(429);
    const retryAfter = Number(httpLocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);

    const ipcLocked = await ipc.auth.login({ body: { username: 'admin', password } }).catch((error) => error);
    expect(ipcLocked).toBeInstanceOf(ContractCallError);
    expect(ipcLocked).toMatchObject({ status: 429, code: 'too_many_attempts' });
    expect(ipcLocked.retryAfter).toBeGreaterThan(0);
    expect(Math.abs(ipcLocked.retryAfter - retryAfter)).toBeLessThanOrEqual(1);
  });

  it('answers me for the caller: the bearer token over HTTP, the desktop principal over IPC', async () => {
    const { gateway, ipc, desktop } = await start();
    const httpMe = await viaHttp(gateway, 'GET', '/api/auth/me');
    expect(httpMe.value).toEqual({ ...desktop, expiresAt: expect.any(String) });
    expect(await ipc.auth.me({})).toEqual(desktop);
  });

  it('logs out over HTTP (204, the token refused after) and over IPC (the admin’s sessions end)', async () => {
    const { gateway, ipc } = await start();
    const logout = await gateway.api('POST', '/api/auth/logout');
    expect(logout.status).toBe(204);
    expect(logout.body).toBeUndefined();
    expect((await gateway.api('GET', '/api/auth/me')).status).toBe(401);

    const session = (await gateway.api('POST', '/api/auth/login', { username: 'admin', password }, '')).body
      .token as string;
    expect((await gateway.api('GET', '/api/auth/me', undefined, session)).status).toBe(200);
    expect(await ipc.auth.logout({})).toBeUndefined();
    expect((await gateway.api('GET', '/api/auth/me', undefined, session)).status).toBe(401);
    // The window holds no token: it keeps working.
    expect(await viaIpc(ipc.auth.status({}))).toMatchObject({ ok: true });
  });

  it('changes the password with the same 403 and 400 on both, then over IPC', async () => {
    const { gateway, ipc } = await start();
    const wrong = { currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' };
    const httpWrong = await viaHttp(gateway, 'POST', '/api/auth/password', wrong);
    expect(settled(httpWrong)).toEqual({
      ok: false,
      error: { status: 403, code: 'invalid_credentials', message: 'The current password is wrong' },
    });
    expect(await viaIpc(ipc.auth.changePassword({ body: wrong }))).toEqual(settled(httpWrong));

    const short = { currentPassword: password, newPassword: 'short' };
    const httpShort = await viaHttp(gateway, 'POST', '/api/auth/password', short);
    expect(httpShort.error?.message).toMatch(/^newPassword: /);
    expect(await viaIpc(ipc.auth.changePassword({ body: short }))).toEqual(settled(httpShort));

    const changed = await ipc.auth.changePassword({
      body: { currentPassword: password, newPassword: 'a-brand-new-password' },
    });
    expect(changed).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect((await gateway.api('GET', '/api/auth/me')).status).toBe(401);
    const login = await gateway.api(
      'POST',
      '/api/auth/login',
      { username: 'admin', password: 'a-brand-new-password' },
      '',
    );
    expect(login.status).toBe(200);
  });
});

describe('contract: apiTokens over HTTP and IPC', () => {
  it('creates, lists and revokes tokens; 400 and 404 the same on both', async () => {
    const { gateway, ipc } = await start();

    const httpCreated = await viaHttp(gateway, 'POST', '/api/api-tokens', { name: 'over-http' });
    expect(httpCreated.status).toBe(201);
    const ipcCreated = await ipc.apiTokens.create({ body: { name: 'over-ipc' } });
    for (const [created, name] of [
      [httpCreated.value, 'over-http'],
      [ipcCreated, 'over-ipc'],
    ] as const) {
      expect(created).toMatchObject({ id: expect.any(String), name, token: expect.stringMatching(/^gw_/) });
    }
    // A token created over IPC belongs to the desktop's admin and opens the HTTP API.
    const ipcToken = await gateway.api('GET', '/api/auth/me', undefined, ipcCreated.token);
    expect(ipcToken.body).toMatchObject({ username: 'admin', via: 'api-token' });

    const httpList = await viaHttp(gateway, 'GET', '/api/api-tokens');
    expect(httpList.status).toBe(200);
    expect(await viaIpc(ipc.apiTokens.list({}))).toEqual(settled(httpList));
    const names = httpList.value.data.map((token: { name: string }) => token.name);
    expect(names.sort()).toEqual(['over-http', 'over-ipc']);
    expect(JSON.stringify(httpList.value)).not.toContain(ipcCreated.token);

    const httpInvalid = await viaHttp(gateway, 'POST', '/api/api-tokens', {});
    expect(httpInvalid.error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(httpInvalid.error?.message).toMatch(/^name: /);
    expect(await viaIpc(ipc.apiTokens.create({ body: {} } as never))).toEqual(settled(httpInvalid));

    const revokedOverHttp = await gateway.api('DELETE', `/api/api-tokens/${ipcCreated.id}`);
    expect(revokedOverHttp.status).toBe(204);
    expect(revokedOverHttp.body).toBeUndefined();
    expect(await ipc.apiTokens.revoke({ id: httpCreated.value.id })).toBeUndefined();
    expect(await ipc.apiTokens.list({})).toEqual({ data: [] });
    expect((await gateway.api('GET', '/api/auth/me', undefined, ipcCreated.token)).status).toBe(401);

    const httpUnknown = await viaHttp(gateway, 'DELETE', `/api/api-tokens/${ipcCreated.id}`);
    expect(settled(httpUnknown)).toEqual({
      ok: false,
      error: { status: 404, code: 'not_found', message: `No API token with id "${ipcCreated.id}"` },
    });
    expect(await viaIpc(ipc.apiTokens.revoke({ id: ipcCreated.id }))).toEqual(settled(httpUnknown));
  });
});

describe('contract: who may call without a login', () => {
  it('HTTP and the dispatcher refuse exactly the operations that are not public', async () => {
    const { gateway } = await start();
    // An API token, so that `auth.logout` in the sweep below does not end the session it uses.
    const token = (await gateway.api('POST', '/api/api-tokens', { name: 'sweep' })).body.token as string;
    const anonymous = { clientIp: '127.0.0.1', transport: 'http' as const };
    const directStatus = (name: string, stream: boolean) =>
      (async () => {
        if (!stream) return gateway.gateway.admin.call(name, {}, anonymous);
        for await (const _item of gateway.gateway.admin.stream(name, {}, anonymous)) break;
      })().then(
        () => 200,
        (error: { status?: number }) => error.status,
      );
    for (const route of adminHttpRoutes) {
      const { operation } = route;
      const method = route.method.toUpperCase();
      const path = `/api${route.path.replace(/:(\w+)/g, 'x')}`;
      const body = route.method === 'post' || route.method === 'patch' ? {} : undefined;
      const observed = {
        operation: operation.name,
        httpAnonymous: (await gateway.api(method, path, body, '')).status === 401,
        dispatcherAnonymous: (await directStatus(operation.name, Boolean(operation.stream))) === 401,
        // Served as public by the router while the operation is not, a valid token would be ignored.
        httpWithToken: (await gateway.api(method, path, body, token)).status === 401,
      };
      expect(observed).toEqual({
        operation: operation.name,
        httpAnonymous: !operation.public,
        dispatcherAnonymous: !operation.public,
        httpWithToken: false,
      });
    }
  });
});
