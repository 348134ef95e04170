import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from './build-window-options.ts';

describe('the main window options', () => {
  it('carry every setting of the security checklist', () => {
    const options = buildWindowOptions({ preloadPath: '/app/dist-main/preload.cjs', devTools: false });
    expect(options.webPreferences).toEqual({
      preload: '/app/dist-main/preload.cjs',
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
      devTools: false,
    });
    // Shown when painted, not before.
    expect(options.show).toBe(false);
  });

  it('allow developer tools only when asked (an unpackaged app)', () => {
    expect(buildWindowOptions({ preloadPath: 'p', devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
