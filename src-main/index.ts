/**
 * The desktop app's entry point (bundled to dist-main/index.js, run by Electron): the real
 * dependencies, one line each, handed to the composition root (run-desktop-app.ts, which tests
 * drive with a fake Electron).
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import electronUpdater from 'electron-updater';
import { applyClientSetup, planClientSetup, restorePrevious } from './client-setup/index.ts';
import { runDesktopApp } from './run-desktop-app.ts';
import { openSecretStore } from './secrets/open-secret-store.ts';

// This file runs from dist-main/ (inside app.asar when packaged): the app's files are one level up.
const appFile = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

runDesktopApp({
  openSecretStore,
  clientSetup: { plan: planClientSetup, apply: applyClientSetup, restore: restorePrevious },
  updater: electronUpdater.autoUpdater,
  paths: {
    preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    renderer: appFile('dist-renderer'),
    resources: appFile('resources'),
    statusPage: appFile('dist-status'),
  },
  argv: process.argv,
  env: process.env,
  homeDir: os.homedir(),
  catchProcessErrors(handler) {
    process.on('uncaughtException', handler);
    process.on('unhandledRejection', handler);
  },
});
