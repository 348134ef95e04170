import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options. Every setting of Electron's security checklist is spelled out, even
 * where it is the default, so a default that changes (or an edit here) shows in the test:
 * the renderer runs sandboxed in its own world without Node, with web security on, no webviews,
 * no insecure content, and only the preload's bridge to talk to the main process.
 */
export function buildWindowOptions(options: {
  preloadPath: string;
  iconPath?: string;
  /** Developer tools only in an unpackaged app. */
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'LLM Gateway',
    // Shown on `ready-to-show`, so the window never flashes white before the app paints.
    show: false,
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}
