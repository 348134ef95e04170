import os from 'node:os';
import path from 'node:path';
import { app, clipboard, dialog, nativeTheme, Notification, shell } from 'electron';
import { loadOrCreateSecretFile } from '../src-gateway/config/load-or-create-secret-file.ts';
import { createGateway } from '../src-gateway/index.ts';
import type { Logger } from '../src-gateway/lib/logger.ts';
import type { Database } from '../src-gateway/storage/index.ts';
import type { DesktopAppOptions, OpenedSecretStore } from './desktop-app-options.ts';
import { portInUseDialog } from './dialogs/port-in-use-dialog.ts';
import { clientUrl } from './gateway/client-url.ts';
import { countRequestsToday } from './gateway/count-requests-today.ts';
import { createGatewaySupervisor, type GatewaySupervisor } from './gateway/create-gateway-supervisor.ts';
import { findFreePort } from './gateway/find-free-port.ts';
import { openDesktopDatabase } from './gateway/open-desktop-database.ts';
import { createDesktopHandlers, type ClientSetupPlanLike } from './ipc/create-desktop-handlers.ts';
import { createSenderCheck } from './ipc/create-sender-check.ts';
import { desktopCaller } from './ipc/desktop-caller.ts';
import { registerWindowIpc } from './ipc/register-window-ipc.ts';
import { applyLaunchAtLogin, hiddenStartArgument } from './login/apply-launch-at-login.ts';
import { createDesktopLogger } from './logs/create-desktop-logger.ts';
import { openPreferences } from './preferences/open-preferences.ts';
import { watchPreferences } from './preferences/watch-preferences.ts';
import type { TrayView } from './tray/build-tray-menu.ts';
import { createTrayController, type TrayController } from './tray/create-tray-controller.ts';
import { resolveTrayLanguage } from './tray/tray-labels.ts';
import { createUpdateController } from './updates/create-update-controller.ts';
import { createWindowController } from './window/create-window-controller.ts';
import { devServerOrigin, rendererOrigin } from './window/renderer-origin.ts';
import { secureRendererSession } from './window/secure-renderer-session.ts';

export interface StartedDesktopApp {
  supervisor: GatewaySupervisor;
  windows: { show(route?: string): void };
  /** Stop everything (awaited before the app exits). */
  shutdown(): Promise<void>;
}

/**
 * Everything after `ready`: the logs, preferences, database, secret store and gateway, then the
 * renderer's session, IPC, window, tray and updates. Undefined when the user quit at a database
 * dialog; throws (having closed what it opened) when the secret store cannot be opened.
 */
export async function startDesktopApp<Plan extends ClientSetupPlanLike>(
  options: DesktopAppOptions<Plan>,
  control: { quit(): void; installUpdate(install: () => void): Promise<void> },
): Promise<StartedDesktopApp | undefined> {
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

  const database = await openDesktopDatabase({
    databasePath: path.join(userData, 'gateway.db'),
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
  let requestsToday: number | null = null;
  const refreshTray = () => tray?.update(trayView());
  const refreshRequestsToday = async () => {
    const gateway = supervisor.gateway();
    if (!gateway) return;
    try {
      requestsToday = await countRequestsToday(gateway);
      refreshTray();
    } catch (error) {
      logger.warn({ err: error }, "reading today's requests failed");
    }
  };

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

  // The window: its origin and session, then what it may ask over IPC.
  const devOrigin = devServerOrigin(options.env.LLM_GATEWAY_RENDERER_URL, app.isPackaged);
  const trustedOrigins = devOrigin ? [rendererOrigin, devOrigin] : [rendererOrigin];
  secureRendererSession({ rendererDirectory: options.paths.renderer, devOrigin });
  const endpoint = () => supervisor.state().url ?? clientUrl(listenAddress());
  const windows = createWindowController({
    entryUrl: `${devOrigin ?? rendererOrigin}/`,
    trustedOrigins,
    preloadPath: options.paths.preload,
    iconPath: path.join(options.paths.resources, 'icon.png'),
    devTools: !app.isPackaged,
    openExternal: (url) => void shell.openExternal(url),
    onOpen: () => () => windowIpc.stopEvents(),
  });
  const windowIpc = registerWindowIpc({
    supervisor,
    isTrustedSender: createSenderCheck({ windowContentsId: () => windows.contentsId(), trustedOrigins }),
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

  // Updates, launch at login, the tray and today's traffic.
  const updates = createUpdateController({
    updater: app.isPackaged ? options.updater : undefined,
    enabled: () => preferences.get().checkForUpdates,
    channel: () => preferences.get().updateChannel,
    onChange: () => refreshTray(),
    logger,
  });
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
  // An unpackaged app would register the development Electron; it does so only when asked.
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

  function trayView(): TrayView {
    const state = supervisor.state();
    const gateway = supervisor.gateway();
    return {
      status: state.status,
      url: state.url,
      ...(state.error ? { error: state.error } : {}),
      requestsToday,
      lan: {
        enabled: gateway?.lanUrl() !== undefined,
        url: gateway?.lanUrl() ?? null,
      },
      launchAtLogin: preferences.get().launchAtLogin,
      update: updates.view(),
      language: language(),
    };
  }
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
        supervisor
          .gateway()
          ?.admin.call('settings.update', { body: { lanStatus: { enabled } } }, desktopCaller)
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
  const trafficTimer = setInterval(() => void refreshRequestsToday(), 60_000);
  trafficTimer.unref();
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
      windowIpc.dispose();
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
