import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContract } from '../../src-shared/contract/index.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import { adminEventChannel } from '../../src-shared/contract/ipc-channels.ts';
import {
  desktopEventsReadyChannel,
  desktopOperationNames,
} from '../../src-shared/desktop/desktop-operations.ts';
import { registerAdminIpc } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { preferencesSchema } from '../../src-shared/desktop/preferences.ts';
import { applyClientSetup, planClientSetup, restorePrevious } from '../../src-main/client-setup/index.ts';
import { createDesktopHandlers } from '../../src-main/ipc/create-desktop-handlers.ts';
import { registerDesktopIpc } from '../../src-main/ipc/register-desktop-ipc.ts';
import { createDesktopBridge, type IpcRendererLike } from '../../src-main/preload/create-desktop-bridge.ts';
import { createFakeIpcMain, trustedWindow } from '../support/fake-ipc.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { startUiGateway, type UiGateway } from './support/start-ui-gateway.ts';
import { watchPage } from './support/watch-page.ts';

/**
 * The desktop path end to end up to the bridge (Electron itself cannot run on this machine): the
 * built renderer in Chromium, given `window.llmGateway` shaped like the preload's (its methods
 * forward to the real preload bridge object in this process), over the gateway's real IPC binding
 * (fake `ipcMain`, trusted sender) to a real gateway. Only contextBridge and Electron's transport
 * are stood in for.
 */
describe('the renderer over the desktop bridge', () => {
  let ui: UiGateway;
  let browser: Browser;
  /** The secret of the key the harness created (the user pastes it on the Connect page). */
  let keySecret: string;
  /** The user's home folder for the client-setup channels: a temp folder, never the real one. */
  const homeDir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-home-'));

  beforeAll(async () => {
    ui = await startUiGateway({ withUpstream: true });
    await ui.harness.addModel({ upstreamUrl: ui.upstream!.url, name: 'desktop-chat' });
    keySecret = await ui.harness.addKey();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    rmSync(homeDir, { recursive: true, force: true });
  });

  /**
   * A page with `window.llmGateway` shaped like the preload's, its methods forwarded to the real
   * preload bridge object here, over the gateway's real IPC binding and the desktop app's own
   * channels (the real client-setup writer, HOME at the temp folder).
   */
  async function openOverBridge(route: string): Promise<{
    page: Page;
    close(): Promise<void>;
    ipcCalls: string[];
    apiRequests: string[];
    problems(): string[];
  }> {
    const gateway = ui.harness.gateway;
    const ipcMain = createFakeIpcMain();
    const principal = await gateway.localAdmin();
    expect(principal).toBeDefined();
    const isTrustedSender = (event: { senderFrame?: { url: string } | null }) =>
      event.senderFrame?.url.startsWith('app://') === true;
    registerAdminIpc({ ipcMain, dispatcher: gateway.admin, isTrustedSender, principal: principal! });
    const preferences = preferencesSchema.parse({});
    registerDesktopIpc({
      ipcMain,
      isTrustedSender,
      logger: createSilentLogger(),
      handlers: createDesktopHandlers({
        clientSetup: { plan: planClientSetup, apply: applyClientSetup, restore: restorePrevious },
        homeDir,
        endpoint: () => ui.url,
        appInfo: () => {
          throw new Error('not used here');
        },
        preferences: {
          path: path.join(homeDir, 'preferences.json'),
          get: () => preferences,
          update: () => preferences,
          onChange: () => () => undefined,
        },
      }),
    });
    // The main process's side of the event channel: the current state first, then every event.
    const eventListeners = new Set<(event: unknown, payload: unknown) => void>();
    const push = (event: AdminEvent) => {
      for (const listener of eventListeners) listener({}, event);
    };
    ipcMain.handle(desktopEventsReadyChannel, () => {
      for (const event of gateway.initialEvents()) push(event);
      gateway.events.subscribe(push);
    });
    const ipcRenderer: IpcRendererLike = {
      invoke: (channel, argument) => ipcMain.invoke(trustedWindow, channel, argument),
      on: (channel, listener) => channel === adminEventChannel && eventListeners.add(listener),
      removeListener: (_channel, listener) => eventListeners.delete(listener),
    };
    const bridge = createDesktopBridge(ipcRenderer);
    const ipcCalls: string[] = [];

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
    });
    await page.exposeFunction('__bridgeCall', async (path: string[], argument: unknown) => {
      ipcCalls.push(path.join('.'));
      const [scope, first, second] = path;
      const method =
        scope === 'admin'
          ? bridge.admin[first!]?.[second!]
          : scope === 'streams'
            ? bridge.streams[first as 'next' | 'cancel']
            : bridge.desktop[first!];
      if (!method)
        return { ok: false, error: { status: 404, code: 'unknown_channel', message: path.join('.') } };
      return method(argument);
    });
    let subscribed = false;
    await page.exposeFunction('__bridgeSubscribe', () => {
      if (subscribed) return;
      subscribed = true;
      bridge.subscribe((event) => {
        void page
          .evaluate(
            (payload) => (window as unknown as { __deliver(event: unknown): void }).__deliver(payload),
            event,
          )
          .catch(() => undefined);
      });
    });
    const surface = {
      admin: Object.fromEntries(
        Object.entries(adminContract).map(([domain, ops]) => [domain, Object.keys(ops)]),
      ),
      desktop: [...desktopOperationNames],
    };
    await page.addInitScript((methods: { admin: Record<string, string[]>; desktop: string[] }) => {
      type Call = (path: string[], argument: unknown) => Promise<unknown>;
      const scope = window as unknown as {
        __bridgeCall: Call;
        __bridgeSubscribe(): Promise<void>;
        __deliver(event: unknown): void;
        llmGateway: unknown;
      };
      const call = (path: string[]) => (argument: unknown) => scope.__bridgeCall(path, argument);
      const listeners = new Set<(event: unknown) => void>();
      scope.__deliver = (event) => {
        for (const listener of listeners) listener(event);
      };
      scope.llmGateway = {
        admin: Object.fromEntries(
          Object.entries(methods.admin).map(([domain, ops]) => [
            domain,
            Object.fromEntries(ops.map((op) => [op, call(['admin', domain, op])])),
          ]),
        ),
        streams: { next: call(['streams', 'next']), cancel: call(['streams', 'cancel']) },
        desktop: Object.fromEntries(methods.desktop.map((name) => [name, call(['desktop', name])])),
        subscribe(listener: (event: unknown) => void) {
          listeners.add(listener);
          void scope.__bridgeSubscribe();
          return () => listeners.delete(listener);
        },
      };
    }, surface);

    await page.goto(`${ui.url}${route}`);
    return { page, close: () => context.close(), ipcCalls, apiRequests, problems: watch.problems };
  }

  it('shows the dashboard with no login, every call over IPC and none over /api', async () => {
    const app = await openOverBridge('/');
    const { page } = app;
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor({ timeout: 30_000 });
    // The gateway card reads the live gateway state pushed over the event channel.
    await page
      .getByText(ui.url.replace(/^http:\/\//, ''))
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.getByLabel(/^(Username|用户名)$/).count()).toBe(0);

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await page.getByText('desktop-chat').first().waitFor();

    expect(app.ipcCalls).toContain('admin.models.list');
    expect(app.apiRequests).toEqual([]);
    expect(app.problems()).toEqual([]);
    await app.close();
  }, 120_000);

  it('sets up Claude Code in one click: the masked diff, Apply writes ~/.claude/settings.json, Restore puts the old one back', async () => {
    const settingsPath = path.join(homeDir, '.claude', 'settings.json');
    const before = '{\n  "theme": "dark",\n  "env": { "HTTPS_PROXY": "http://proxy.local:8080" }\n}\n';
    mkdirSync(path.dirname(settingsPath), { recursive: true });
    writeFileSync(settingsPath, before);

    // Where the tray's "Set up Claude Code" opens the window.
    const app = await openOverBridge('/connect?client=claude-code');
    const { page } = app;
    await page.getByRole('heading', { name: 'Connect a client', level: 1 }).waitFor({ timeout: 30_000 });
    const setup = page.getByTestId('client-setup-claude-code');
    await setup.getByRole('button', { name: 'Create a key and set up Claude Code' }).waitFor();
    // ?client=claude-code brought its setup into focus.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Create a key and set up Claude Code');
    // The chosen key's secret is pasted (the gateway showed it once, when it was made).
    await page.getByLabel('The key’s secret').fill(keySecret);
    // The model is preselected: the gateway's only one.
    await page.getByText('desktop-chat').first().waitFor();
    await setup.getByRole('button', { name: 'Set up Claude Code' }).click();

    const diff = setup.getByTestId('client-setup-diff-claude-code');
    await diff.waitFor();
    const shown = (await diff.textContent()) ?? '';
    expect(shown).toContain(`+++ ${settingsPath}`);
    expect(shown).toContain(`"ANTHROPIC_BASE_URL": "${ui.url}"`);
    expect(shown).toContain(`"ANTHROPIC_AUTH_TOKEN": "${keySecret.slice(0, 3)}…${keySecret.slice(-4)}"`);
    expect(shown).toContain('"model": "desktop-chat"');
    // Nowhere in what the page shows (the pasted secret stays in its password field).
    expect(await page.locator('body').innerText()).not.toContain(keySecret);
    await setup.getByText(`File: ${settingsPath}`).waitFor();
    await setup.getByText('A backup of the current file is kept beside it').waitFor();
    expect(readFileSync(settingsPath, 'utf8')).toBe(before);

    await setup.getByRole('button', { name: 'Apply the change to ~/.claude/settings.json' }).click();
    await setup.getByTestId('client-setup-applied-claude-code').waitFor();
    const written = JSON.parse(readFileSync(settingsPath, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      theme: 'dark',
      env: {
        HTTPS_PROXY: 'http://proxy.local:8080',
        ANTHROPIC_BASE_URL: ui.url,
        ANTHROPIC_AUTH_TOKEN: keySecret,
        ANTHROPIC_DEFAULT_OPUS_MODEL: 'desktop-chat',
        ANTHROPIC_DEFAULT_SONNET_MODEL: 'desktop-chat',
        ANTHROPIC_DEFAULT_HAIKU_MODEL: 'desktop-chat',
      },
      model: 'desktop-chat',
    });
    const backups = readdirSync(path.dirname(settingsPath)).filter((name) => name.includes('backup'));
    expect(backups).toHaveLength(1);
    expect(await setup.getByTestId('client-setup-applied-claude-code').textContent()).toContain(
      `The previous file is kept at ${path.join(path.dirname(settingsPath), backups[0]!)}`,
    );

    await setup.getByRole('button', { name: 'Restore previous Claude Code settings' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
    await setup.getByTestId('client-setup-restored-claude-code').waitFor();
    expect(readFileSync(settingsPath, 'utf8')).toBe(before);
    expect(readdirSync(path.dirname(settingsPath))).toEqual(['settings.json']);

    expect(app.ipcCalls).toEqual(
      expect.arrayContaining([
        'desktop.clientSetup.plan',
        'desktop.clientSetup.apply',
        'desktop.clientSetup.restore',
      ]),
    );
    expect(app.apiRequests).toEqual([]);
    expect(app.problems()).toEqual([]);
    await app.close();
  }, 120_000);
});
