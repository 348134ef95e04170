/**
 * The one fake of Electron's main-process and preload API (vitest aliases `electron` to this file):
 * just enough behaviour for main-process logic to run in plain Node, recording what it was asked
 * to do so tests can assert it. `resetFakeElectron()` between tests.
 */
import { EventEmitter } from 'node:events';
import { createFakeIpcMain, type FakeIpcMain } from './fake-ipc.ts';

type Listener = (...args: any[]) => void;

/** A cancellable Electron event: `preventDefault()` is recorded. */
export function fakeEvent<Extra extends object>(
  extra?: Extra,
): { defaultPrevented: boolean; preventDefault(): void } & Extra {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...(extra ?? ({} as Extra)),
  };
  return event;
}

class FakeApp extends EventEmitter {
  /** Back to a fresh app, in place: modules that took `app` at import (electron-store) see the reset. */
  reset() {
    this.removeAllListeners();
    // A new app's fields (its `whenReady` promise and resolver included) copied over this one.
    Object.assign(this, new FakeApp());
  }
  isPackaged = false;
  paths: Record<string, string> = {};
  version = '0.1.0';
  locale = 'en-US';
  /** What `requestSingleInstanceLock` answers: false plays the second instance. */
  singleInstanceLock = true;
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false, args: [] as string[] };
  quitRequests = 0;
  /** Set once a quit went through (`before-quit` not prevented). */
  exited = false;
  userModelId: string | undefined;
  private readyResolve: (() => void) | undefined;
  private ready = new Promise<void>((resolve) => (this.readyResolve = resolve));

  getPath(name: string): string {
    const value = this.paths[name];
    if (!value) throw new Error(`fake app: no path '${name}' (set fakeElectron.app.paths.${name})`);
    return value;
  }
  getVersion() {
    return this.version;
  }
  getName() {
    return 'LLM Gateway';
  }
  getLocale() {
    return this.locale;
  }
  getAppPath() {
    return process.cwd();
  }
  setAppUserModelId(id: string) {
    this.userModelId = id;
  }
  requestSingleInstanceLock() {
    return this.singleInstanceLock;
  }
  whenReady() {
    return this.ready;
  }
  isReady() {
    return this.readyResolve === undefined;
  }
  /** The test's `app.emit('ready')`: resolves `whenReady`. */
  fireReady() {
    this.readyResolve?.();
    this.readyResolve = undefined;
    this.emit('ready');
  }
  /** Like Electron: `before-quit` first; a listener's `preventDefault()` cancels the quit. */
  quit() {
    this.quitRequests++;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', fakeEvent());
    this.exited = true;
    this.emit('quit');
  }
  exit() {
    this.exited = true;
  }
  getLoginItemSettings() {
    return {
      ...this.loginItem,
      executableWillLaunchAtLogin: this.loginItem.openAtLogin,
    };
  }
  setLoginItemSettings(settings: { openAtLogin?: boolean; args?: string[] }) {
    this.loginItem = {
      ...this.loginItem,
      openAtLogin: Boolean(settings.openAtLogin),
      args: settings.args ?? [],
    };
  }
}

let nextContentsId = 1;

class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed = () => this.destroyed;
}

class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.windows.filter((window) => !window.destroyed);
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.windows.push(this);
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized = () => this.minimized;
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** The user closing the window (the close button). */
  close() {
    const event = fakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
}

class FakeNativeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(template: boolean) {
    this.template = template;
  }
  isEmpty = () => false;
}

class FakeTray extends EventEmitter {
  static trays: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | undefined;
  destroyed = false;
  constructor(public image: FakeNativeImage) {
    super();
    FakeTray.trays.push(this);
  }
  setImage(image: FakeNativeImage) {
    this.image = image;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

interface FakeMenu {
  items: Array<Record<string, any>>;
}

class FakeNotification {
  static shown: Array<{ title: string; body: string }> = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {}
  show() {
    FakeNotification.shown.push(this.options);
  }
}

interface FakeIpcRenderer {
  reset(): void;
  invoked: Array<{ channel: string; args: unknown[] }>;
  answer: (channel: string, ...args: unknown[]) => unknown;
  listeners: Map<string, Set<Listener>>;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): FakeIpcRenderer;
  removeListener(channel: string, listener: Listener): FakeIpcRenderer;
  /** The main process sending to this renderer. */
  deliver(channel: string, payload: unknown): void;
}

function createFakeIpcRenderer(): FakeIpcRenderer {
  const renderer: FakeIpcRenderer = {
    reset() {
      renderer.invoked = [];
      renderer.answer = () => ({ ok: true, value: null });
      renderer.listeners = new Map();
    },
    invoked: [],
    answer: () => ({ ok: true, value: null }),
    listeners: new Map(),
    async invoke(channel, ...args) {
      renderer.invoked.push({ channel, args });
      return renderer.answer(channel, ...args);
    },
    on(channel, listener) {
      const set = renderer.listeners.get(channel) ?? new Set();
      set.add(listener);
      renderer.listeners.set(channel, set);
      return renderer;
    },
    removeListener(channel, listener) {
      renderer.listeners.get(channel)?.delete(listener);
      return renderer;
    },
    deliver(channel, payload) {
      for (const listener of renderer.listeners.get(channel) ?? [])
        listener({ sender: 'ipc-renderer' }, structuredClone(payload));
    },
  };
  return renderer;
}

/** `ipcMain`: one object for good (modules keep it), its handlers replaced on reset. */
function createStableIpcMain() {
  let inner = createFakeIpcMain();
  const onListeners = new Map<string, Listener>();
  const stable = {
    handle: (channel: string, listener: Parameters<FakeIpcMain['handle']>[1]) =>
      inner.handle(channel, listener),
    removeHandler: (channel: string) => inner.removeHandler(channel),
    invoke: (sender: Parameters<FakeIpcMain['invoke']>[0], channel: string, argument?: unknown) =>
      inner.invoke(sender, channel, argument),
    channels: () => inner.channels(),
    // electron-store registers a synchronous `ipcMain.on` listener for its renderer side.
    onListeners,
    on(channel: string, listener: Listener) {
      onListeners.set(channel, listener);
      return stable;
    },
    reset() {
      inner = createFakeIpcMain();
      onListeners.clear();
    },
  };
  return stable;
}

export const app = new FakeApp();
export const ipcMain = createStableIpcMain();
export const ipcRenderer = createFakeIpcRenderer();

function createState() {
  return {
    app,
    ipcMain,
    ipcRenderer,
    exposed: new Map<string, unknown>(),
    dialogAnswers: [] as Array<{ response: number }>,
    openDialogAnswers: [] as Array<{ canceled: boolean; filePaths: string[] }>,
    dialogs: [] as Array<Record<string, any>>,
    openedExternally: [] as string[],
    openedPaths: [] as string[],
    clipboardText: '',
    theme: { themeSource: 'system' as string, shouldUseDarkColors: false },
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as ((...args: any[]) => boolean) | undefined,
    headersReceived: [] as Array<{ filter: unknown; listener: Listener }>,
  };
}

/** Everything the fake recorded, and the knobs tests turn (dialog answers, the lock, paths). */
export let fakeElectron = createState();

/** A fresh fake: no windows, trays, handlers or answers. */
export function resetFakeElectron(): void {
  app.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  fakeElectron = createState();
  FakeBrowserWindow.windows = [];
  FakeTray.trays = [];
  FakeNotification.shown = [];
}

export const BrowserWindow = FakeBrowserWindow;
export const Tray = FakeTray;
export const Notification = FakeNotification;
export const Menu = {
  buildFromTemplate: (items: Array<Record<string, any>>): FakeMenu => ({ items }),
};
export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path),
};
export const dialog = {
  async showMessageBox(options: Record<string, any>) {
    fakeElectron.dialogs.push(options);
    return {
      response: fakeElectron.dialogAnswers.shift()?.response ?? options.cancelId ?? 0,
      checkboxChecked: false,
    };
  },
  showErrorBox(title: string, content: string) {
    fakeElectron.dialogs.push({ type: 'error-box', title, content });
  },
  async showOpenDialog(options: Record<string, any>) {
    fakeElectron.dialogs.push(options);
    return fakeElectron.openDialogAnswers.shift() ?? { canceled: true, filePaths: [] };
  },
};
export const shell = {
  async openExternal(url: string) {
    fakeElectron.openedExternally.push(url);
  },
  async openPath(path: string) {
    fakeElectron.openedPaths.push(path);
    return '';
  },
};
export const clipboard = {
  async writeText(text: string) {
    fakeElectron.clipboardText = text;
  },
  async readText() {
    return fakeElectron.clipboardText;
  },
};
export const nativeTheme = {
  get themeSource() {
    return fakeElectron.theme.themeSource;
  },
  set themeSource(value: string) {
    fakeElectron.theme.themeSource = value;
  },
  get shouldUseDarkColors() {
    return fakeElectron.theme.shouldUseDarkColors;
  },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    fakeElectron.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    fakeElectron.protocolHandlers.set(scheme, handler);
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Listener) {
      fakeElectron.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: any[]) => boolean) {
      fakeElectron.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(filter: unknown, listener: Listener) {
        fakeElectron.headersReceived.push({ filter, listener });
      },
    },
  },
};
export const contextBridge = {
  exposeInMainWorld(name: string, api: unknown) {
    fakeElectron.exposed.set(name, api);
  },
};

// electron-store does `import electron from 'electron'` (Electron's module is CommonJS): it needs a
// default export.
// eslint-disable-next-line no-restricted-syntax
export default { app, ipcMain, shell };
