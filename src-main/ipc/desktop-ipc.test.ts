import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src-gateway/index.ts';
import { registerAdminIpc } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { createMemorySecretStore } from '../../src-gateway/secrets/memory-secret-store.ts';
import { openDatabase } from '../../src-gateway/storage/index.ts';
import { adminContract } from '../../src-shared/contract/admin-contract.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import { createDesktopClient } from '../../src-shared/desktop/create-desktop-client.ts';
import { preferencesSchema, type Preferences } from '../../src-shared/desktop/preferences.ts';
import { createFakeIpcMain } from '../../tests/support/fake-ipc.ts';
import type { PreferencesStore } from '../preferences/open-preferences.ts';
import { createDesktopDispatcher } from './create-desktop-dispatcher.ts';
import { createSenderCheck } from './create-sender-check.ts';
import { registerDesktopIpc, type DesktopHandlers } from './register-desktop-ipc.ts';

const windowId = 7;
const trusted = { sender: { id: windowId }, senderFrame: { url: 'app://renderer/providers' } };
const senders = {
  'another window': { sender: { id: 8 }, senderFrame: { url: 'app://renderer/' } },
  'the window showing a remote page': {
    sender: { id: windowId },
    senderFrame: { url: 'https://evil.example/' },
  },
  'a look-alike origin': { sender: { id: windowId }, senderFrame: { url: 'app://renderer.evil/' } },
  'a sender without a frame': { sender: { id: windowId }, senderFrame: null },
};

let gateway: Gateway;
const ipcMain = createFakeIpcMain();
const calls: string[] = [];

beforeAll(async () => {
  gateway = await createGateway({
    database: openDatabase(':memory:'),
    secretStore: createMemorySecretStore(),
    logger: createSilentLogger(),
    jwtSecret: randomBytes(32),
    setupCode: false,
    port: 0,
  });
  const isTrustedSender = createSenderCheck({
    windowContentsId: () => windowId,
    trustedOrigins: ['app://renderer'],
  });
  registerAdminIpc({
    ipcMain,
    dispatcher: createDesktopDispatcher({ gateway: () => gateway, unavailableReason: () => 'stopped' }),
    isTrustedSender,
    principal: { adminId: 'desktop', username: 'desktop', via: 'login' },
  });
  let preferences: Preferences = preferencesSchema.parse({});
  const store: PreferencesStore = {
    path: 'preferences.json',
    get: () => preferences,
    update: (patch) => (preferences = { ...preferences, ...(patch as Partial<Preferences>) }),
    onChange: () => () => undefined,
  };
  const handlers: DesktopHandlers = {
    'clientSetup.plan': (input) => {
      calls.push(`plan ${input.client}`);
      return {
        planId: 'p1',
        client: input.client,
        path: '/home/u/.claude/settings.json',
        diff: '+x',
        notes: [],
        environmentVariables: [],
      };
    },
    'clientSetup.apply': () => ({ path: '/home/u/.claude/settings.json', backupPath: null }),
    'clientSetup.restore': () => ({
      path: '/home/u/.claude/settings.json',
      restoredFrom: null,
      removed: false,
    }),
    'links.openExternal': () => {
      calls.push('open');
      return null;
    },
    'endpoint.copy': ({ protocol }) => ({ text: protocol }),
    'app.info': () => {
      throw new Error('disk on fire at /home/u/secret');
    },
    'preferences.get': () => store.get(),
    'preferences.update': ({ body }) => store.update(body),
  };
  registerDesktopIpc({ ipcMain, isTrustedSender, handlers, logger: createSilentLogger() });
});
afterAll(() => gateway.stop());

const adminClient = (sender: object) =>
  createIpcClient(adminContract, (channel, argument) => ipcMain.invoke(sender as never, channel, argument));
const desktopClient = (sender: object) =>
  createDesktopClient((channel, argument) => ipcMain.invoke(sender as never, channel, argument));

describe('the IPC handlers answer only the app’s own window', () => {
  for (const [who, sender] of Object.entries(senders)) {
    it(`refuses ${who} on contract and desktop channels`, async () => {
      await expect(adminClient(sender).providers.list({})).rejects.toMatchObject({
        status: 403,
        code: 'forbidden',
      });
      await expect(adminClient(sender).auth.status({})).rejects.toMatchObject({ status: 403 });
      await expect(desktopClient(sender)['preferences.get']({})).rejects.toMatchObject({ status: 403 });
      await expect(
        desktopClient(sender)['links.openExternal']({ url: 'https://x.example/' }),
      ).rejects.toMatchObject({
        status: 403,
      });
    });
  }

  it('the refused calls did nothing', () => {
    expect(calls).toEqual([]);
  });

  it('answers the window itself', async () => {
    expect(await adminClient(trusted).providers.list({})).toEqual({ data: [] });
    expect((await desktopClient(trusted)['preferences.get']({})).port).toBe(3000);
  });

  it('no window at all: nobody is trusted', async () => {
    const check = createSenderCheck({
      windowContentsId: () => undefined,
      trustedOrigins: ['app://renderer'],
    });
    expect(check(trusted)).toBe(false);
  });
});

describe('bad arguments are refused with the field named', () => {
  it('on contract channels', async () => {
    await expect(
      adminClient(trusted).providers.create({ body: { name: 42 } } as never),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
  });

  it('on desktop channels, before the handler runs', async () => {
    const client = desktopClient(trusted);
    await expect(
      client['clientSetup.plan']({ client: 'vim', apiKey: 'k', model: 'm' } as never),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('client'),
    });
    await expect(client['preferences.update']({ body: { port: 70000 } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('body.port'),
    });
    await expect(client['preferences.update']({ body: { surprise: true } } as never)).rejects.toMatchObject({
      status: 400,
    });
    const raw = await ipcMain.invoke(trusted, 'desktop:links.openExternal', 'https://not-an-object.example/');
    expect(raw).toMatchObject({ ok: false, error: { status: 400 } });
    expect(calls).toEqual([]);
  });

  it('an unexpected failure answers 500 without its message', async () => {
    await expect(desktopClient(trusted)['app.info']({})).rejects.toMatchObject({
      status: 500,
      message: 'Internal error',
    });
  });

  it('valid calls go through', async () => {
    expect(await desktopClient(trusted)['preferences.update']({ body: { theme: 'dark' } })).toMatchObject({
      theme: 'dark',
    });
    expect(await desktopClient(trusted)['endpoint.copy']({})).toEqual({ text: 'openai' });
  });
});

describe('the window acts as the local admin', () => {
  it('before any admin exists: everything but the per-admin operations', async () => {
    const client = adminClient(trusted);
    expect(await client.auth.status({})).toEqual({ needsSetup: true });
    await expect(client.auth.me({})).rejects.toMatchObject({ status: 409, code: 'admin_required' });
    await expect(client.apiTokens.create({ body: { name: 'script' } })).rejects.toMatchObject({
      status: 409,
    });
    expect((await client.virtualKeys.list({})).data).toEqual([]);
  });

  it('after setup (no code needed on the desktop): as that admin', async () => {
    const client = adminClient(trusted);
    await client.auth.setup({ body: { username: 'ada', password: 'a-long-password' } });
    expect(await client.auth.me({})).toMatchObject({ username: 'ada', via: 'login' });
    const token = await client.apiTokens.create({ body: { name: 'script' } });
    expect(token.token).toMatch(/^gw_/);
  });

  it('without a gateway (it could not be built): 503 with the reason', async () => {
    const dispatcher = createDesktopDispatcher({
      gateway: () => undefined,
      unavailableReason: () => 'Port 3000 is in use.',
    });
    const error = await dispatcher
      .call('providers.list', {}, { clientIp: 'ipc', transport: 'ipc' })
      .catch((caught: unknown) => caught);
    expect(dispatcher.toErrorShape(error)).toEqual({
      status: 503,
      code: 'gateway_unavailable',
      message: 'Port 3000 is in use.',
    });
  });
});
