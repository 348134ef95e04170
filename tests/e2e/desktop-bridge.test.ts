import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContract } from '../../src-shared/contract/index.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import { adminEventChannel } from '../../src-shared/contract/ipc-channels.ts';
import {
  desktopEventsReadyChannel,
  desktopOperationNames,
} from '../../src-shared/desktop/desktop-operations.ts';
import { registerAdminIpc } from '../../src-gateway/ipc/register-admin-ipc.ts';
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

  beforeAll(async () => {
    ui = await startUiGateway({ withUpstream: true });
    await ui.harness.addModel({ upstreamUrl: ui.upstream!.url, name: 'desktop-chat' });
    await ui.harness.addKey();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
  });

  it('shows the dashboard with no login, every call over IPC and none over /api', async () => {
    const gateway = ui.harness.gateway;
    const ipcMain = createFakeIpcMain();
    const principal = await gateway.localAdmin();
    expect(principal).toBeDefined();
    registerAdminIpc({
      ipcMain,
      dispatcher: gateway.admin,
      isTrustedSender: (event) => event.senderFrame?.url.startsWith('app://') === true,
      principal: principal!,
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

    await page.goto(`${ui.url}/`);
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

    expect(ipcCalls).toContain('admin.models.list');
    expect(apiRequests).toEqual([]);
    expect(watch.problems()).toEqual([]);
    await context.close();
  }, 120_000);
});
