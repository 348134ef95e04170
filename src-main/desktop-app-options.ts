import type { GatewayOptions } from '../src-gateway/index.ts';
import type { Logger } from '../src-gateway/lib/logger.ts';
import type { SecretStore } from '../src-gateway/secrets/secret-store.ts';
import type { ClientSetupFunctions, ClientSetupPlanLike } from './ipc/create-desktop-handlers.ts';
import type { UpdaterLike } from './updates/create-update-controller.ts';

/** What `openSecretStore` (src-main/secrets) answers: the OS keychain, or the encrypted file and why. */
export interface OpenedSecretStore {
  store: SecretStore;
  kind: 'keychain' | 'file';
  warning?: string;
}

/** What the desktop app is built from: the entry point passes the real ones, tests their own. */
export interface DesktopAppOptions<Plan extends ClientSetupPlanLike = ClientSetupPlanLike> {
  openSecretStore(options: { dataDir: string; logger: Logger }): Promise<OpenedSecretStore>;
  clientSetup: ClientSetupFunctions<Plan>;
  /** electron-updater's `autoUpdater`; used in a packaged app only. */
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
