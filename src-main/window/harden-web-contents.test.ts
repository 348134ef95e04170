import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, fakeEvent, resetFakeElectron } from '../../tests/support/fake-electron.ts';
import { hardenWebContents } from './harden-web-contents.ts';

function hardened() {
  const window = new BrowserWindow({});
  const opened: string[] = [];
  hardenWebContents(window.webContents as unknown as WebContents, {
    trustedOrigins: ['app://renderer'],
    openExternal: (url) => opened.push(url),
  });
  return { contents: window.webContents, opened };
}

describe('the window cannot leave the app', () => {
  beforeEach(() => resetFakeElectron());

  it('denies window.open; an https link opens in the system browser instead', () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://renderer/other' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/']);
  });

  it('denies navigation to another origin, allows the app’s own', () => {
    const { contents, opened } = hardened();
    const away = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const script = fakeEvent({ url: 'javascript:alert(1)' });
    contents.emit('will-navigate', script);
    expect(script.defaultPrevented).toBe(true);
    const own = fakeEvent({ url: 'app://renderer/providers' });
    contents.emit('will-navigate', own);
    expect(own.defaultPrevented).toBe(false);
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('denies redirects elsewhere and webviews', () => {
    const { contents } = hardened();
    const redirect = fakeEvent({ url: 'http://127.0.0.1:8080/' });
    contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });
});
