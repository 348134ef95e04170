import type { Logger } from '../../src-gateway/lib/logger.ts';

/** What the tray shows about updates. */
export type UpdateView =
  | { state: 'idle' }
  | { state: 'disabled' }
  | { state: 'checking' }
  | { state: 'up-to-date' }
  | { state: 'available'; version: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'downloaded'; version: string }
  | { state: 'error'; message: string };

/** The part of electron-updater's `autoUpdater` used here (the real one fits; tests pass a fake). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export interface UpdateController {
  /** First check now (if enabled), then once a day. */
  start(): void;
  stop(): void;
  /** The tray's "Check for updates". */
  checkNow(): Promise<void>;
  /** The user's consent: download the version found. */
  download(): Promise<void>;
  /** Restart into the downloaded version (the caller stops the gateway first). */
  install(): void;
  /** Preferences changed (switched off, other channel): reschedule. */
  reconfigure(): void;
  view(): UpdateView;
}

const day = 24 * 60 * 60_000;

/**
 * Updates from GitHub releases (electron-updater, configured by electron-builder's `publish`):
 * checked at start and daily unless switched off; never downloaded without the user's click
 * (`autoDownload` stays false: a metered connection pays only when the user says so);
 * "restart to update" once downloaded. Without a packaged app there is nothing to update.
 */
export function createUpdateController(options: {
  updater: UpdaterLike | undefined;
  /** The "check for updates" preference: the check at start and the daily one. */
  enabled(): boolean;
  channel(): 'stable' | 'beta';
  onChange(view: UpdateView): void;
  logger: Logger;
  intervalMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}): UpdateController {
  const updater = options.updater;
  const every = options.setInterval ?? ((callback, ms) => setInterval(callback, ms).unref());
  const cancel = options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout));
  // `disabled`: no updater (an unpackaged app). Switched off by the preference, the tray still
  // checks when asked; only the schedule stops.
  let view: UpdateView = updater ? { state: 'idle' } : { state: 'disabled' };
  let timer: unknown;

  const set = (next: UpdateView) => {
    view = next;
    options.onChange(next);
  };

  if (updater) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.on('checking-for-update', () => set({ state: 'checking' }));
    updater.on('update-available', (info: { version: string }) =>
      set({ state: 'available', version: info.version }),
    );
    updater.on('update-not-available', () => set({ state: 'up-to-date' }));
    updater.on('download-progress', (progress: { percent: number }) => {
      if (view.state === 'available' || view.state === 'downloading')
        set({ state: 'downloading', version: view.version, percent: progress.percent });
    });
    updater.on('update-downloaded', (info: { version: string }) =>
      set({ state: 'downloaded', version: info.version }),
    );
    updater.on('error', (error: Error) => {
      options.logger.warn({ err: error }, 'update check failed');
      set({ state: 'error', message: error.message });
    });
  }

  async function check(): Promise<void> {
    if (!updater) return;
    // A found or downloaded update stays offered; checking again would only forget it.
    if (view.state === 'available' || view.state === 'downloading' || view.state === 'downloaded') return;
    updater.allowPrerelease = options.channel() === 'beta';
    try {
      await updater.checkForUpdates();
    } catch (error) {
      options.logger.warn({ err: error }, 'update check failed');
      set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const schedule = () => {
    if (timer !== undefined) cancel(timer);
    timer = undefined;
    if (updater && options.enabled()) timer = every(() => void check(), options.intervalMs ?? day);
  };

  return {
    start() {
      schedule();
      if (options.enabled()) void check();
    },
    stop() {
      if (timer !== undefined) cancel(timer);
      timer = undefined;
    },
    checkNow: check,
    async download() {
      if (!updater || view.state !== 'available') return;
      set({ state: 'downloading', version: view.version, percent: 0 });
      try {
        await updater.downloadUpdate();
      } catch (error) {
        options.logger.warn({ err: error }, 'update download failed');
        set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    },
    install() {
      if (updater && view.state === 'downloaded') updater.quitAndInstall();
    },
    reconfigure: schedule,
    view: () => view,
  };
}
