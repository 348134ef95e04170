/**
 * The window's preload (sandboxed, bundled to dist-main/preload.cjs): exposes `window.llmGateway`
 * with `invoke` on the app's own channels and `subscribe` to its events; nothing else of
 * `ipcRenderer` or Node reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopBridge } from './preload/create-desktop-bridge.ts';

contextBridge.exposeInMainWorld('llmGateway', createDesktopBridge(ipcRenderer));
