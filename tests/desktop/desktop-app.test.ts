import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../src-gateway/secrets/memory-secret-store.ts';
import type {
  ClientSetupFunctions,
  ClientSetupPlanLike,
} from '../../src-main/ipc/create-desktop-handlers.ts';
import { runDesktopApp, type DesktopApp, type DesktopAppOptions } from '../../src-main/run-desktop-app.ts';
import {
  BrowserWindow,
  Notification,
  Tray,
  fakeElectron,
  resetFakeElectron,
} from '../support/fake-electron.ts';

let root: string;
let userData: string;
let home: string;
let renderer: string;
const servers: Server[] = [];
const running: DesktopApp[] = [];

beforeEach(() => {
  resetFakeElectron();
  root = mkdtempSync(path.join(tmpdir(), 'desktop-app-'));
  userData = path.join(root, 'user-data');
  home = path.join(root, 'home');
  renderer = path.join(root, 'dist-renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><div id="app"></div>');
  fakeElectron.app.paths.userData = userData;
});
afterEach(async () => {
  // Quit whatever a test left running, so its gateway does not outlive it.
  for (const desktop of running.splice(0)) {
    if (!fakeElectron.app.exited) fakeElectron.app.quit();
    await desktop.stopped;
  }
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(root, { recursive: true, force: true });
});

interface Plan extends ClientSetupPlanLike {
  content: string;
}

function fakeClientSetup() {
  const applied: Plan[] = [];
  const setup: ClientSetupFunctions<Plan> = {
    plan: ({ client, gatewayUrl, model, apiKey }) => {
      if (model === 'broken')
        // What the writer throws for a file it cannot parse (src-main/client-setup's ClientSetupError).
        throw Object.assign(
          new Error('~/.codex/config.toml is not valid TOML (line 3); fix it or move it away.'),
          {
            name: 'ClientSetupError',
            code: 'malformed-file',
          },
        );
      return {
        path: path.join(home, client === 'codex' ? '.codex/config.toml' : '.claude/settings.json'),
        diff: `+ ANTHROPIC_BASE_URL=${gatewayUrl}\n+ model=${model}`,
        notes: ['Restart Claude Code to use the gateway.'],
        environment: { LLM_GATEWAY_API_KEY: apiKey },
        content: 'new file',
      };
    },
    apply: (plan) => {
      applied.push(plan);
      return { path: plan.path, backupPath: `${plan.path}.llm-gateway-backup-1` };
    },
    restore: () => ({
      path: path.join(home, '.claude/settings.json'),
      restoredFrom: 'backup',
      removed: false,
    }),
  };
  return { setup, applied };
}

function launch(overrides: Partial<DesktopAppOptions<Plan>> = {}) {
  const processErrors: Array<(error: unknown) => void> = [];
  const clientSetup = fakeClientSetup();
  const desktop = runDesktopApp<Plan>({
    openSecretStore: async () => ({
      store: createMemorySecretStore(),
      kind: 'file',
      warning: 'No keychain here: keys are kept in an encrypted file.',
    }),
    clientSetup: clientSetup.setup,
    paths: {
      preload: '/app/dist-main/preload.cjs',
      renderer,
      resources: path.resolve(import.meta.dirname, '../../resources'),
      statusPage: path.join(root, 'dist-status'),
    },
    argv: [],
    env: {},
    platform: 'linux',
    homeDir: home,
    gatewayOverrides: { port: 0, shutdownGraceMs: 200, catalog: { autoRefresh: false } },
    catchProcessErrors: (handler) => processErrors.push(handler),
    ...overrides,
  });
  running.push(desktop);
  return { desktop, processErrors, applied: clientSetup.applied };
}

async function ready(desktop: DesktopApp) {
  fakeElectron.app.fireReady();
  await desktop.started;
  return desktop.supervisor()!;
}

const answers = (url: string) =>
  fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );

const theWindow = () => BrowserWindow.windows.at(-1)!;
const asWindow = (window = theWindow()) => ({
  sender: window.webContents,
  senderFrame: { url: 'app://renderer/dashboard' },
});
const call = (channel: string, argument?: unknown, sender: object = asWindow()) =>
  fakeElectron.ipcMain.invoke(sender as never, channel, argument) as Promise<{
    ok: boolean;
    value?: any;
    error?: any;
  }>;
const trayMenu = () => Tray.trays.at(-1)!.menu!.items;
const clickTray = (id: string) =>
  trayMenu()
    .find((item) => item.id === id)!
    .click();

function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('the desktop app', () => {
  it('starts the gateway on ready and stops it (awaited) on quit', async () => {
    const { desktop } = launch();
    expect(desktop.firstInstance).toBe(true);
    expect(desktop.supervisor()).toBeUndefined();
    expect(fakeElectron.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    const supervisor = await ready(desktop);
    const { url } = supervisor.state();
    expect(supervisor.state().status).toBe('running');
    expect(await answers(url!)).toBe(true);
    // Its files are in the user-data folder.
    expect(readFileSync(path.join(userData, 'preferences.json'), 'utf8')).toContain('"port": 3000');
    expect(readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8')).toContain('desktop app started');

    // The window: secure, on the app's own origin; the tray says it runs.
    expect(theWindow().options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(theWindow().loaded).toEqual(['app://renderer/']);
    const page = await fakeElectron.protocolHandlers.get('app')!(new Request('app://renderer/'));
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(Tray.trays[0]!.tooltip).toBe(`LLM Gateway\nRunning — 0 requests today\n${url}`);

    fakeElectron.app.quit();
    // The first quit waits for the gateway; the app exits once it stopped.
    expect(fakeElectron.app.exited).toBe(false);
    await desktop.stopped;
    expect(fakeElectron.app.exited).toBe(true);
    expect(await answers(url!)).toBe(false);
    expect(supervisor.state().status).toBe('stopped');
    expect(Tray.trays[0]!.destroyed).toBe(true);
    expect(fakeElectron.ipcMain.channels()).toEqual([]);
  });

  it('a second instance quits at once and starts nothing', async () => {
    fakeElectron.app.singleInstanceLock = false;
    const { desktop } = launch();
    expect(desktop.firstInstance).toBe(false);
    expect(fakeElectron.app.quitRequests).toBe(1);
    expect(fakeElectron.app.exited).toBe(true);
    await ready(desktop);
    expect(desktop.supervisor()).toBeUndefined();
    expect(BrowserWindow.windows).toEqual([]);
    expect(Tray.trays).toEqual([]);
    expect(fakeElectron.ipcMain.channels()).toEqual([]);
  });

  it('the window is the only one heard over IPC; it gets the gateway’s events', async () => {
    const supervisor = await ready(launch().desktop);
    expect(await call('admin:providers.list', {})).toEqual({ ok: true, value: { data: [] } });
    for (const stranger of [
      { sender: { id: 999 }, senderFrame: { url: 'app://renderer/' } },
      { sender: theWindow().webContents, senderFrame: { url: 'https://evil.example/' } },
    ]) {
      expect(await call('admin:providers.list', {}, stranger)).toMatchObject({
        ok: false,
        error: { status: 403 },
      });
      expect(await call('desktop:app.info', {}, stranger)).toMatchObject({
        ok: false,
        error: { status: 403 },
      });
      expect(await call('desktop:events.ready', undefined, stranger)).toBe(false);
    }
    expect(theWindow().webContents.sent).toEqual([]);
    expect(await call('desktop:events.ready')).toBe(true);
    expect(theWindow().webContents.sent[0]).toEqual({
      channel: 'admin:event',
      args: [
        {
          name: 'gatewayState',
          data: expect.objectContaining({ state: 'listening', url: supervisor.state().url }),
        },
      ],
    });
    // A write reaches the window as an event.
    await call('admin:settings.update', { body: { metrics: { enabled: true } } });
    expect(
      theWindow().webContents.sent.map((message) => (message.args[0] as { name: string }).name),
    ).toContain('configChanged');
  });

  it('desktop operations: app info, copy endpoint, client setup by plan id only', async () => {
    const { desktop, applied } = launch();
    const supervisor = await ready(desktop);
    const info = await call('desktop:app.info', {});
    expect(info.value).toMatchObject({
      name: 'LLM Gateway',
      dataDirectory: userData,
      logsDirectory: path.join(userData, 'logs'),
      secretStore: { kind: 'file', warning: 'No keychain here: keys are kept in an encrypted file.' },
    });
    expect(await call('desktop:endpoint.copy', {})).toEqual({
      ok: true,
      value: { text: `${supervisor.state().url}/v1` },
    });
    expect(await fakeElectron.clipboardText).toBe(`${supervisor.state().url}/v1`);

    const plan = await call('desktop:clientSetup.plan', {
      client: 'claude-code',
      apiKey: 'vk-123',
      model: 'smart',
    });
    expect(plan.value).toMatchObject({
      client: 'claude-code',
      path: path.join(home, '.claude/settings.json'),
      diff: `+ ANTHROPIC_BASE_URL=${supervisor.state().url}\n+ model=smart`,
    });
    expect(plan.value.notes).toEqual(['Restart Claude Code to use the gateway.']);
    // The variable's name only: its value is the key, which the window already has.
    expect(plan.value.environmentVariables).toEqual(['LLM_GATEWAY_API_KEY']);
    expect(JSON.stringify(plan.value)).not.toContain('vk-123');
    expect(plan.value).not.toHaveProperty('content');
    expect(await call('desktop:clientSetup.apply', { planId: 'made-up' })).toMatchObject({
      ok: false,
      error: { status: 404, code: 'plan_not_found' },
    });
    expect(await call('desktop:clientSetup.apply', { planId: plan.value.planId })).toEqual({
      ok: true,
      value: {
        path: path.join(home, '.claude/settings.json'),
        backupPath: path.join(home, '.claude/settings.json.llm-gateway-backup-1'),
      },
    });
    expect(applied).toHaveLength(1);
    // Applied once; the same id does not write twice.
    expect(await call('desktop:clientSetup.apply', { planId: plan.value.planId })).toMatchObject({
      ok: false,
    });
    // The writer's refusal reaches the window with its message.
    expect(
      await call('desktop:clientSetup.plan', { client: 'codex', apiKey: 'vk-1', model: 'broken' }),
    ).toEqual({
      ok: false,
      error: {
        status: 409,
        code: 'malformed_file',
        message: '~/.codex/config.toml is not valid TOML (line 3); fix it or move it away.',
      },
    });
    expect(await call('desktop:links.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { status: 400, code: 'unsafe_url' },
    });
    expect(await call('desktop:links.openExternal', { url: 'https://github.com/' })).toEqual({
      ok: true,
      value: null,
    });
    expect(fakeElectron.openedExternally).toEqual(['https://github.com/']);
  });

  it('closing the window keeps the gateway in the tray; a second launch or the tray opens a new one', async () => {
    const supervisor = await ready(launch().desktop);
    const first = theWindow();
    first.close();
    expect(first.destroyed).toBe(true);
    expect(fakeElectron.app.exited).toBe(false);
    expect(await answers(supervisor.state().url!)).toBe(true);
    // The closed window's sender is no longer trusted.
    expect(await call('admin:providers.list', {}, asWindow(first))).toMatchObject({ ok: false });
    fakeElectron.app.emit('second-instance', {}, [], '/');
    expect(BrowserWindow.windows).toHaveLength(2);
    fakeElectron.app.emit('second-instance', {}, [], '/');
    expect(BrowserWindow.windows).toHaveLength(2);
    expect(theWindow().focused).toBe(true);
    clickTray('setup-codex');
    expect(theWindow().loaded.at(-1)).toBe('app://renderer/connect?client=codex');
  });

  it('started at login (--hidden): only the tray until asked', async () => {
    await ready(launch({ argv: ['electron', '.', '--hidden'] }).desktop);
    expect(BrowserWindow.windows).toEqual([]);
    clickTray('open-dashboard');
    expect(BrowserWindow.windows).toHaveLength(1);
  });

  it('the tray pauses and resumes the gateway', async () => {
    const supervisor = await ready(launch().desktop);
    const url = supervisor.state().url!;
    clickTray('pause');
    await waitFor(() => supervisor.state().status === 'paused');
    expect(await answers(url)).toBe(false);
    expect(Tray.trays[0]!.image.path).toMatch(/tray-paused\.png$/);
    expect(trayMenu()[0]!.label).toBe('Paused');
    clickTray('resume');
    await waitFor(() => supervisor.state().status === 'running');
    expect(Tray.trays[0]!.image.path).toMatch(/tray-running\.png$/);
  });

  it('port in use at start: the dialog offers the next free port, which is kept', async () => {
    const taken = await occupy();
    mkdirSync(userData, { recursive: true });
    writeFileSync(path.join(userData, 'preferences.json'), JSON.stringify({ version: 1, port: taken }));
    fakeElectron.dialogAnswers.push({ response: 0 });
    const supervisor = await ready(
      launch({ gatewayOverrides: { shutdownGraceMs: 200, catalog: { autoRefresh: false } } }).desktop,
    );
    expect(fakeElectron.dialogs[0]).toMatchObject({ message: `Port ${taken} is already in use` });
    const { port } = supervisor.state();
    expect(supervisor.state().status).toBe('running');
    expect(port).toBeGreaterThan(taken);
    expect(JSON.parse(readFileSync(path.join(userData, 'preferences.json'), 'utf8')).port).toBe(port);
  });

  it('an error the gateway threw restarts it with a notice', async () => {
    const { desktop, processErrors } = launch();
    const supervisor = await ready(desktop);
    const before = supervisor.gateway();
    processErrors[0]!(new Error('socket hang up'));
    await waitFor(() => supervisor.gateway() !== before && supervisor.state().status === 'running');
    expect(Notification.shown).toEqual([
      { title: 'LLM Gateway', body: 'The gateway hit an error and was restarted: socket hang up' },
    ]);
  });

  it('no secret store: an error box says why, and the app quits', async () => {
    const { desktop } = launch({
      openSecretStore: async () => {
        throw new Error('Cannot open the encrypted secret file /x/secrets.enc: bad key');
      },
    });
    await ready(desktop);
    expect(fakeElectron.dialogs).toEqual([
      {
        type: 'error-box',
        title: 'LLM Gateway could not start',
        content: 'Cannot open the encrypted secret file /x/secrets.enc: bad key',
      },
    ]);
    await desktop.stopped;
    expect(fakeElectron.app.exited).toBe(true);
  });

  it('a damaged database: the dialog names it, and quitting there quits the app', async () => {
    mkdirSync(userData, { recursive: true });
    writeFileSync(path.join(userData, 'gateway.db'), 'not a database '.repeat(100));
    fakeElectron.dialogAnswers.push({ response: 2 });
    const { desktop } = launch();
    await ready(desktop);
    expect(fakeElectron.dialogs[0]).toMatchObject({ message: 'The database is damaged' });
    expect(fakeElectron.dialogs[0]!.detail).toContain(path.join(userData, 'gateway.db'));
    await desktop.stopped;
    expect(fakeElectron.app.exited).toBe(true);
    expect(desktop.supervisor()).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
