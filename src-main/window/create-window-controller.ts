import { BrowserWindow } from 'electron';
import { buildWindowOptions } from './build-window-options.ts';
import { hardenWebContents } from './harden-web-contents.ts';

export interface WindowController {
  /** Open the window (or bring it to the front), at `route` of the renderer when given. */
  show(route?: string): void;
  /** The open window's `webContents.id`: the only sender the IPC handlers answer. */
  contentsId(): number | undefined;
  /** Close the window for good (quitting). */
  close(): void;
}

/**
 * One main window at a time. Closing it destroys it (the renderer's memory goes with it) while the
 * app keeps running in the tray; `show()` makes a new one. `onOpen` runs for each new window (the
 * event forwarding) and returns what to undo when it closes.
 */
export function createWindowController(options: {
  entryUrl: string;
  trustedOrigins: readonly string[];
  preloadPath: string;
  iconPath?: string;
  devTools: boolean;
  openExternal(url: string): void;
  onOpen(window: BrowserWindow): () => void;
}): WindowController {
  let window: BrowserWindow | undefined;

  const urlOf = (route?: string) => (route ? new URL(route, options.entryUrl).toString() : options.entryUrl);

  function open(route?: string): BrowserWindow {
    const created = new BrowserWindow(
      buildWindowOptions({
        preloadPath: options.preloadPath,
        iconPath: options.iconPath,
        devTools: options.devTools,
      }),
    );
    hardenWebContents(created.webContents, {
      trustedOrigins: options.trustedOrigins,
      openExternal: options.openExternal,
    });
    const undo = options.onOpen(created);
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      undo();
      if (window === created) window = undefined;
    });
    void created.loadURL(urlOf(route));
    return created;
  }

  return {
    show(route) {
      if (!window || window.isDestroyed()) {
        window = open(route);
        return;
      }
      if (route) void window.loadURL(urlOf(route));
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    contentsId: () => (window && !window.isDestroyed() ? window.webContents.id : undefined),
    close() {
      window?.destroy();
      window = undefined;
    },
  };
}
