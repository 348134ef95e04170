import os from 'node:os';
import path from 'node:path';
import {
  app,
  clipboard,
  dialog,
  ipcMain,
  nativeTheme,
  Notification,
  protocol,
  session,
  shell,
} from 'electron';
import { loadOrCreateSecretFile } from '../src-gateway/config/load-or-create-secret-file.ts';
import { createGateway, type GatewayOptions } from '../src-gateway/index.ts';
import { forwardAdminEvents } from '../src-gateway/ipc/forward-admin-events.ts';
import { registerAdminIpc } from '../src-gateway/ipc/register-admin-ipc.ts';
import type { Logger } from '../src-gateway/lib/logger.ts';
import type { SecretStore } from '../src-gateway/secrets/secret-store.ts';
import type { Database } from '../src-gateway/storage/index.ts';
import type { CallContext } from '../src-shared/contract/index.ts';
import { desktopEventsReadyChannel } from '../src-shared/desktop/desktop-operations.ts';
import { portInUseDialog } from './dialogs/port-in-use-dialog.ts';
import {
  createGatewaySupervisor,
  type GatewaySupervisor,
  type SupervisorState,
} from './gateway/create-gateway-supervisor.ts';
import { findFreePort } from './gateway/find-free-port.ts';
import { openDesktopDatabase } from './gateway/open-desktop-database.ts';
import { createDesktopDispatcher } from './ipc/create-desktop-dispatcher.ts';
import {
  createDesktopHandlers,
  type ClientSetupFunctions,
  type ClientSetupPlanLike,
} from './ipc/create-desktop-handlers.ts';
import { createSenderCheck } from './ipc/create-sender-check.ts';
import { registerDesktopIpc } from './ipc/register-desktop-ipc.ts';
import { applyLaunchAtLogin, hiddenStartArgument } from './login/apply-launch-at-login.ts';
import { createDesktopLogger } from './logs/create-desktop-logger.ts';
import { openPreferences, type PreferencesStore } from './preferences/open-preferences.ts';
import type { TrayView } from './tray/build-tray-menu.ts';
import { createTrayController, type TrayController } from './tray/create-tray-controller.ts';
import { resolveTrayLanguage } from './tray/tray-labels.ts';
import { createUpdateController, type UpdaterLike } from './updates/create-update-controller.ts';
import { contentSecurityPolicy } from './window/content-security-policy.ts';
import { createRendererProtocolHandler } from './window/create-renderer-protocol-handler.ts';
import { createWindowController, type WindowController } from './window/create-window-controller.ts';
import { devServerOrigin, rendererOrigin, rendererScheme } from './window/renderer-origin.ts';

/** What `openSecretStore` (src-main/secrets) answers: the OS keychain, or the encrypted file and why. */
export interface OpenedSecretStore {
  store: SecretStore;
  kind: 'keychain' | 'file';
  warning?: string;
}

export interface DesktopAppOptions<Plan extends ClientSetupPlanLike = ClientSetupPlanLike> {
  openSecretStore(options: { dataDir: string; logger: Logger }): Promise<OpenedSecretStore>;
  clientSetup: ClientSetupFunctions<Plan>;
  /** electron-updater's `autoUpdater` in a packaged app; undefined: no updates (unpackaged). */
  updater?: UpdaterLike;
  /** Files of the built app. */
  paths: { preload: string; renderer: string; resources: string; statusPage: string };
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homeDir?: string;
  /** Tests: listen on port 0, no catalog download, and so on. */
  gatewayOverrides?: Partial<GatewayOptions>;
  /** The entry point routes the process's uncaught errors here (the gateway is restarted). */
  catchProcessErrors?(handler: (error: unknown) => void): void;
}

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

/** The window's principal placeholder and the tray's own calls (createDesktopDispatcher says who acts). */
const desktopCaller: CallContext = {
  principal: { adminId: 'desktop', username: 'desktop', via: 'login' },
  clientIp: 'ipc',
  transport: 'ipc',
};

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

  let running: Awaited<ReturnType<typeof start>> | undefined;
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
      running = await start(options, { quit: () => app.quit(), installUpdate });
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

async function start<Plan extends ClientSetupPlanLike>(
  options: DesktopAppOptions<Plan>,
  control: { quit(): void; installUpdate(install: () => void): Promise<void> },
) {
  const platform = options.platform ?? process.platform;
  const homeDir = options.homeDir ?? os.homedir();
  const userData = app.getPath('userData');
  const logsDirectory = path.join(userData, 'logs');
  const log = createDesktopLogger(logsDirectory);
  const { logger } = log;
  logger.info({ version: app.getVersion(), packaged: app.isPackaged }, 'desktop app starting');
  const preferences = openPreferences({ logger });
  const language = () => resolveTrayLanguage(preferences.get().language, app.getLocale());
  nativeTheme.themeSource = preferences.get().theme;

  const databasePath = path.join(userData, 'gateway.db');
  const database = await openDesktopDatabase({
    databasePath,
    logger,
    language: language(),
    showMessageBox: (box) => dialog.showMessageBox(box),
    pickBackup: async () => {
      const picked = await dialog.showOpenDialog({
        title: 'Restore a backup of the database',
        properties: ['openFile'],
        filters: [
          { name: 'SQLite database', extensions: ['db', 'sqlite', 'sqlite3', 'bak'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return picked.canceled ? undefined : picked.filePaths[0];
    },
  });
  if (!database) {
    await log.close();
    control.quit();
    return undefined;
  }
  let secrets: OpenedSecretStore;
  try {
    secrets = await options.openSecretStore({ dataDir: userData, logger });
  } catch (error) {
    logger.error({ err: error }, 'the secret store could not be opened');
    closeDatabase(database, logger);
    await log.close();
    throw error;
  }
  if (secrets.warning) logger.warn({ kind: secrets.kind }, secrets.warning);
  const jwtSecret = new TextEncoder().encode(loadOrCreateSecretFile(path.join(userData, 'jwt-secret')));

  // The preference changes when the user takes the offered free port; that is no reason to restart.
  let adoptingPort = false;
  const listenAddress = () => ({
    host: preferences.get().bindAddress,
    port: options.gatewayOverrides?.port ?? preferences.get().port,
  });
  let tray: TrayController | undefined;
  const refreshTray = () => tray?.update(trayView());

  const supervisor = createGatewaySupervisor({
    logger,
    listenAddress,
    createGateway: (listen) =>
      createGateway({
        database,
        secretStore: secrets.store,
        logger,
        jwtSecret,
        // The window sets up over IPC; nobody needs a code printed to a console nobody sees.
        setupCode: false,
        monitoring: { statusPageDirectory: options.paths.statusPage },
        // LiteLLM's price list, refreshed daily in the background (the settings can turn it off).
        catalog: { autoRefresh: true },
        ...options.gatewayOverrides,
        host: listen.host,
        port: listen.port,
      }),
    onPortInUse: async (listen) => {
      const freePort = await findFreePort({ host: listen.host, from: listen.port });
      const answer = await dialog.showMessageBox(
        portInUseDialog({ ...listen, freePort, language: language() }),
      );
      if (freePort === undefined || answer.response !== 0) return undefined;
      adoptingPort = true;
      try {
        preferences.update({ port: freePort });
      } finally {
        adoptingPort = false;
      }
      return freePort;
    },
    onStateChanged: () => {
      refreshTray();
      void refreshRequestsToday();
    },
    onRestarted: (error) =>
      notify(
        'LLM Gateway',
        `The gateway hit an error and was restarted: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  options.catchProcessErrors?.((error) => void supervisor.recover(error));
  await supervisor.start();

  // The window: its origin, CSP, permissions and IPC.
  const devOrigin = devServerOrigin(options.env.LLM_GATEWAY_RENDERER_URL, app.isPackaged);
  const trustedOrigins = devOrigin ? [rendererOrigin, devOrigin] : [rendererOrigin];
  const csp = contentSecurityPolicy(devOrigin);
  protocol.handle(
    rendererScheme,
    createRendererProtocolHandler({ directory: options.paths.renderer, contentSecurityPolicy: csp }),
  );
  // Copy buttons may write to the clipboard; every other permission (camera, notifications, …) is refused.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  );
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission) => permission === 'clipboard-sanitized-write',
  );
  if (devOrigin)
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
    );

  let stopForwarding: (() => void) | undefined;
  const windows: WindowController = createWindowController({
    entryUrl: `${devOrigin ?? rendererOrigin}/`,
    trustedOrigins,
    preloadPath: options.paths.preload,
    iconPath: path.join(options.paths.resources, 'icon.png'),
    devTools: !app.isPackaged,
    openExternal: (url) => void shell.openExternal(url),
    onOpen: () => () => {
      stopForwarding?.();
      stopForwarding = undefined;
    },
  });
  const isTrustedSender = createSenderCheck({ windowContentsId: () => windows.contentsId(), trustedOrigins });
  const removeAdminIpc = registerAdminIpc({
    ipcMain,
    dispatcher: createDesktopDispatcher({
      gateway: () => supervisor.gateway(),
      unavailableReason: () => supervisor.state().error ?? 'The gateway is not running',
    }),
    isTrustedSender,
    principal: desktopCaller.principal!,
  });
  ipcMain.handle(desktopEventsReadyChannel, (event) => {
    if (!isTrustedSender(event)) return false;
    stopForwarding?.();
    const contents = event.sender;
    stopForwarding = forwardAdminEvents({
      events: supervisor.events,
      initial: () => supervisor.initialEvents(),
      send: (channel, adminEvent) => {
        if (!contents.isDestroyed()) contents.send(channel, adminEvent);
      },
    });
    return true;
  });
  const endpoint = () => supervisor.state().url ?? configuredUrl(listenAddress());
  const removeDesktopIpc = registerDesktopIpc({
    ipcMain,
    isTrustedSender,
    logger,
    handlers: createDesktopHandlers({
      clientSetup: options.clientSetup,
      homeDir,
      endpoint,
      preferences,
      appInfo: () => ({
        name: 'LLM Gateway',
        version: app.getVersion(),
        platform,
        arch: process.arch,
        versions: {
          electron: process.versions.electron ?? '',
          chrome: process.versions.chrome ?? '',
          node: process.versions.node,
        },
        packaged: app.isPackaged,
        dataDirectory: userData,
        logsDirectory,
        secretStore: secrets.warning
          ? { kind: secrets.kind, warning: secrets.warning }
          : { kind: secrets.kind },
      }),
    }),
  });

  // Updates, the tray and today's traffic.
  const updates = createUpdateController({
    updater: app.isPackaged ? options.updater : undefined,
    enabled: () => preferences.get().checkForUpdates,
    channel: () => preferences.get().updateChannel,
    onChange: () => refreshTray(),
    logger,
  });
  let requestsToday: number | null = null;
  async function refreshRequestsToday() {
    const gateway = supervisor.gateway();
    if (!gateway) return;
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    try {
      const summary = (await gateway.admin.call(
        'usage.summary',
        { from: midnight.toISOString(), granularity: 'day' },
        desktopCaller,
      )) as { totals: { requests: number } };
      requestsToday = summary.totals.requests;
      refreshTray();
    } catch (error) {
      logger.warn({ err: error }, "reading today's requests failed");
    }
  }
  const trafficTimer = setInterval(() => void refreshRequestsToday(), 60_000);
  trafficTimer.unref();

  function trayView(): TrayView {
    const state: SupervisorState = supervisor.state();
    const gateway = supervisor.gateway();
    return {
      status: state.status,
      url: state.url,
      ...(state.error ? { error: state.error } : {}),
      requestsToday,
      lan: {
        enabled: gateway?.snapshot().settings.lanStatus.enabled ?? false,
        url: gateway?.lanUrl() ?? null,
      },
      launchAtLogin: preferences.get().launchAtLogin,
      update: updates.view(),
      language: language(),
    };
  }

  const loginItem = (enabled: boolean) => {
    try {
      applyLaunchAtLogin({
        enabled,
        platform,
        app,
        configDirectory: options.env.XDG_CONFIG_HOME || path.join(homeDir, '.config'),
        executable: options.env.APPIMAGE || process.execPath,
      });
    } catch (error) {
      logger.warn({ err: error }, 'launch at login could not be changed');
    }
  };
  if (app.isPackaged) loginItem(preferences.get().launchAtLogin);
  watchPreferences(preferences, {
    theme: (theme) => (nativeTheme.themeSource = theme),
    launchAtLogin: loginItem,
    updates: () => updates.reconfigure(),
    listen: () => {
      if (!adoptingPort) void supervisor.restart();
    },
    any: refreshTray,
  });

  tray = createTrayController({
    iconDirectory: path.join(options.paths.resources, 'tray'),
    platform,
    view: trayView(),
    actions: {
      openDashboard: () => windows.show(),
      copyEndpoint: () =>
        void clipboard
          .writeText(`${endpoint()}/v1`)
          .catch((error: unknown) => logger.warn({ err: error }, 'copying the endpoint failed')),
      setUpClient: (client) => windows.show(`/connect?client=${client}`),
      pause: () => void supervisor.pause(),
      resume: () => void supervisor.start(),
      toggleLan: (enabled) => {
        const gateway = supervisor.gateway();
        if (!gateway) return;
        gateway.admin
          .call('settings.update', { body: { lanStatus: { enabled } } }, desktopCaller)
          .then(refreshTray, (error: unknown) =>
            logger.warn({ err: error }, 'LAN sharing could not be changed'),
          );
      },
      toggleLaunchAtLogin: (enabled) => preferences.update({ launchAtLogin: enabled }),
      checkForUpdates: () => void updates.checkNow(),
      downloadUpdate: () => void updates.download(),
      installUpdate: () => void control.installUpdate(() => updates.install()),
      openLogs: () => void shell.openPath(logsDirectory),
      quit: () => control.quit(),
    },
  });
  void refreshRequestsToday();
  updates.start();

  const hidden =
    options.argv.includes(hiddenStartArgument) ||
    preferences.get().startMinimized ||
    (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (!hidden) windows.show();
  logger.info({ state: supervisor.state() }, 'desktop app started');

  return {
    supervisor,
    windows,
    async shutdown() {
      clearInterval(trafficTimer);
      updates.stop();
      stopForwarding?.();
      removeAdminIpc();
      removeDesktopIpc();
      ipcMain.removeHandler(desktopEventsReadyChannel);
      windows.close();
      tray?.destroy();
      tray = undefined;
      await supervisor.shutdown();
      closeDatabase(database, logger);
      logger.info('desktop app stopped');
      await log.close();
    },
  };
}

/** Where the gateway would listen, as a client reaches it (0.0.0.0 is reached on loopback). */
function configuredUrl(listen: { host: string; port: number }): string {
  const host =
    listen.host === '0.0.0.0' || listen.host === '::'
      ? '127.0.0.1'
      : listen.host.includes(':')
        ? `[${listen.host}]`
        : listen.host;
  return `http://${host}:${listen.port}`;
}

function closeDatabase(database: Database, logger: Logger) {
  try {
    database.close();
  } catch (error) {
    logger.warn({ err: error }, 'closing the database failed');
  }
}

function notify(title: string, body: string) {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}

/** Act on the preferences that take effect at once. */
function watchPreferences(
  preferences: PreferencesStore,
  on: {
    theme(theme: 'system' | 'light' | 'dark'): void;
    launchAtLogin(enabled: boolean): void;
    updates(): void;
    listen(): void;
    any(): void;
  },
) {
  preferences.onChange((next, previous) => {
    if (next.theme !== previous.theme) on.theme(next.theme);
    if (next.launchAtLogin !== previous.launchAtLogin) on.launchAtLogin(next.launchAtLogin);
    if (next.checkForUpdates !== previous.checkForUpdates || next.updateChannel !== previous.updateChannel)
      on.updates();
    if (next.port !== previous.port || next.bindAddress !== previous.bindAddress) on.listen();
    on.any();
  });
}
