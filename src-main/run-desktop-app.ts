import { app, dialog, protocol } from 'electron';
import type { DesktopAppOptions } from './desktop-app-options.ts';
import type { GatewaySupervisor } from './gateway/create-gateway-supervisor.ts';
import type { ClientSetupPlanLike } from './ipc/create-desktop-handlers.ts';
import { startDesktopApp, type StartedDesktopApp } from './start-desktop-app.ts';
import { rendererScheme } from './window/renderer-origin.ts';

export type { DesktopAppOptions, OpenedSecretStore } from './desktop-app-options.ts';

export interface DesktopApp {
  /** Another instance runs: this one quits at once. */
  readonly firstInstance: boolean;
  /**
   * Settled when everything is up after `ready`, or when starting failed (an error box said why
   * and the app quits) or the user quit at a database dialog.
   */
  readonly started: Promise<void>;
  /** Settled when quitting has stopped the gateway and closed the database. */
  readonly stopped: Promise<void>;
  supervisor(): GatewaySupervisor | undefined;
}

/**
 * The desktop composition root: one instance; on `ready` the logs, preferences, database, secret
 * store and gateway, then the renderer's protocol, IPC, tray, window and updates. Closing the
 * window keeps the gateway running in the tray; quitting stops it (awaited) before the app exits.
 */
export function runDesktopApp<Plan extends ClientSetupPlanLike>(
  options: DesktopAppOptions<Plan>,
): DesktopApp {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return {
      firstInstance: false,
      started: Promise.resolve(),
      stopped: Promise.resolve(),
      supervisor: () => undefined,
    };
  }
  // Before `ready`: the renderer's scheme gets a real origin, fetch and the code cache.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: rendererScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
  if ((options.platform ?? process.platform) === 'win32') app.setAppUserModelId('com.llmgateway.desktop');

  let running: StartedDesktopApp | undefined;
  let quitting: 'no' | 'stopping' | 'done' = 'no';
  let stoppedResolve!: () => void;
  const stopped = new Promise<void>((resolve) => (stoppedResolve = resolve));

  const showWindow = (route?: string) => running?.windows.show(route);
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Closing the last window keeps the app (and the gateway) in the tray.
  app.on('window-all-closed', () => undefined);

  // An update installs by quitting: stop the gateway first, then hand over to the updater.
  const installUpdate = async (install: () => void) => {
    if (quitting !== 'no') return;
    quitting = 'stopping';
    await shutdown();
    quitting = 'done';
    stoppedResolve();
    install();
  };
  const started = app
    .whenReady()
    .then(async () => {
      running = await startDesktopApp(options, { quit: () => app.quit(), installUpdate });
    })
    .catch((error: unknown) => {
      // Nothing to run without the secret store or the data folder: say why, and quit.
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('LLM Gateway could not start', message);
      app.quit();
    });

  async function shutdown(): Promise<void> {
    await started.catch(() => undefined);
    await running?.shutdown();
    running = undefined;
  }

  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'stopping') return;
    quitting = 'stopping';
    void shutdown().finally(() => {
      quitting = 'done';
      stoppedResolve();
      app.quit();
    });
  });

  return { firstInstance: true, started, stopped, supervisor: () => running?.supervisor };
}
