import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildTrayMenu, trayTooltip, type TrayActions, type TrayView } from './build-tray-menu.ts';
import { trayIconFile } from './tray-icon-file.ts';

const running: TrayView = {
  status: 'running',
  url: 'http://127.0.0.1:3000',
  requestsToday: 42,
  lan: { enabled: false, url: null },
  launchAtLogin: false,
  update: { state: 'idle' },
  language: 'en',
};

function actions(): { [Name in keyof TrayActions]: TrayActions[Name] & ReturnType<typeof vi.fn> } {
  const names = [
    'openDashboard',
    'copyEndpoint',
    'setUpClient',
    'pause',
    'resume',
    'toggleLan',
    'toggleLaunchAtLogin',
    'checkForUpdates',
    'downloadUpdate',
    'installUpdate',
    'openLogs',
    'quit',
  ];
  return Object.fromEntries(names.map((name) => [name, vi.fn()])) as never;
}

const item = (menu: MenuItemConstructorOptions[], id: string) => menu.find((entry) => entry.id === id);
const ids = (menu: MenuItemConstructorOptions[]) => menu.filter((entry) => entry.id).map((entry) => entry.id);
const click = (entry: MenuItemConstructorOptions | undefined) =>
  (entry?.click as (() => void) | undefined)?.();

describe('the tray menu', () => {
  it('running: state with today’s requests, the endpoint, pause, and every action', () => {
    const menu = buildTrayMenu(running, actions());
    expect(item(menu, 'status')).toMatchObject({ label: 'Running — 42 requests today', enabled: false });
    expect(item(menu, 'endpoint')).toMatchObject({ label: 'http://127.0.0.1:3000', enabled: false });
    expect(ids(menu)).toEqual([
      'status',
      'endpoint',
      'open-dashboard',
      'copy-endpoint',
      'setup-claude-code',
      'setup-codex',
      'pause',
      'share-lan',
      'launch-at-login',
      'updates',
      'open-logs',
      'quit',
    ]);
    expect(item(menu, 'copy-endpoint')?.enabled).toBe(true);
    expect(item(menu, 'share-lan')).toMatchObject({ type: 'checkbox', checked: false });
    expect(trayTooltip(running)).toBe('LLM Gateway\nRunning — 42 requests today\nhttp://127.0.0.1:3000');
  });

  it('running with one request, and before the count is known', () => {
    expect(item(buildTrayMenu({ ...running, requestsToday: 1 }, actions()), 'status')?.label).toBe(
      'Running — 1 request today',
    );
    expect(item(buildTrayMenu({ ...running, requestsToday: null }, actions()), 'status')?.label).toBe(
      'Running',
    );
  });

  it('paused: resume instead of pause, no endpoint to copy', () => {
    const view: TrayView = { ...running, status: 'paused', url: null };
    const handlers = actions();
    const menu = buildTrayMenu(view, handlers);
    expect(item(menu, 'status')?.label).toBe('Paused');
    expect(item(menu, 'endpoint')).toBeUndefined();
    expect(item(menu, 'pause')).toBeUndefined();
    expect(item(menu, 'copy-endpoint')?.enabled).toBe(false);
    click(item(menu, 'resume'));
    expect(handlers.resume).toHaveBeenCalledOnce();
    expect(trayTooltip(view)).toBe('LLM Gateway\nPaused');
  });

  it('error: says why, offers to try again', () => {
    const view: TrayView = { ...running, status: 'error', url: null, error: 'Port 3000 is already in use.' };
    const handlers = actions();
    const menu = buildTrayMenu(view, handlers);
    expect(item(menu, 'status')?.label).toBe('Not running: Port 3000 is already in use.');
    expect(item(menu, 'pause')).toBeUndefined();
    expect(item(menu, 'resume')).toBeUndefined();
    click(item(menu, 'retry'));
    expect(handlers.resume).toHaveBeenCalledOnce();
  });

  it('starting: no pause, resume or retry yet', () => {
    const menu = buildTrayMenu({ ...running, status: 'starting', url: null }, actions());
    expect(item(menu, 'status')?.label).toBe('Starting…');
    expect(['pause', 'resume', 'retry'].map((id) => item(menu, id))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('LAN sharing on shows its URL, or that it is not listening; the checkbox toggles', () => {
    const handlers = actions();
    const shared = buildTrayMenu(
      { ...running, lan: { enabled: true, url: 'http://192.168.1.5:3001/status' } },
      handlers,
    );
    expect(item(shared, 'share-lan')?.checked).toBe(true);
    expect(item(shared, 'lan-url')).toMatchObject({
      label: 'http://192.168.1.5:3001/status',
      enabled: false,
    });
    click(item(shared, 'share-lan'));
    expect(handlers.toggleLan).toHaveBeenCalledWith(false);
    const failed = buildTrayMenu({ ...running, lan: { enabled: true, url: null } }, handlers);
    expect(item(failed, 'lan-url')?.label).toMatch(/not listening/);
    click(item(buildTrayMenu(running, handlers), 'share-lan'));
    expect(handlers.toggleLan).toHaveBeenLastCalledWith(true);
  });

  it('launch at login is a checkbox that flips the preference', () => {
    const handlers = actions();
    const menu = buildTrayMenu({ ...running, launchAtLogin: true }, handlers);
    expect(item(menu, 'launch-at-login')).toMatchObject({ type: 'checkbox', checked: true });
    click(item(menu, 'launch-at-login'));
    expect(handlers.toggleLaunchAtLogin).toHaveBeenCalledWith(false);
  });

  it('updates: check, download only when clicked, progress, restart to update', () => {
    const handlers = actions();
    const updates = (update: TrayView['update']) =>
      item(buildTrayMenu({ ...running, update }, handlers), 'updates');
    click(updates({ state: 'idle' }));
    expect(handlers.checkForUpdates).toHaveBeenCalledOnce();
    expect(updates({ state: 'checking' })).toMatchObject({ enabled: false });
    const available = updates({ state: 'available', version: '1.2.0' });
    expect(available?.label).toBe('Download update 1.2.0');
    expect(handlers.downloadUpdate).not.toHaveBeenCalled();
    click(available);
    expect(handlers.downloadUpdate).toHaveBeenCalledOnce();
    expect(updates({ state: 'downloading', version: '1.2.0', percent: 41.6 })).toMatchObject({
      label: 'Downloading update… 42%',
      enabled: false,
    });
    const downloaded = updates({ state: 'downloaded', version: '1.2.0' });
    expect(downloaded?.label).toBe('Restart to update to 1.2.0');
    click(downloaded);
    expect(handlers.installUpdate).toHaveBeenCalledOnce();
    expect(updates({ state: 'disabled' })).toMatchObject({ enabled: false });
  });

  it('the other actions reach their handlers', () => {
    const handlers = actions();
    const menu = buildTrayMenu(running, handlers);
    for (const id of [
      'open-dashboard',
      'copy-endpoint',
      'setup-claude-code',
      'setup-codex',
      'pause',
      'open-logs',
      'quit',
    ])
      click(item(menu, id));
    expect(handlers.openDashboard).toHaveBeenCalledOnce();
    expect(handlers.copyEndpoint).toHaveBeenCalledOnce();
    expect(handlers.setUpClient.mock.calls).toEqual([['claude-code'], ['codex']]);
    expect(handlers.pause).toHaveBeenCalledOnce();
    expect(handlers.openLogs).toHaveBeenCalledOnce();
    expect(handlers.quit).toHaveBeenCalledOnce();
  });

  it('speaks Chinese when asked', () => {
    const menu = buildTrayMenu({ ...running, language: 'zh-CN', requestsToday: 3 }, actions());
    expect(item(menu, 'status')?.label).toBe('运行中 — 今日 3 次请求');
    expect(item(menu, 'quit')?.label).toBe('退出 LLM Gateway');
  });
});

describe('the tray icon', () => {
  it('has a picture per state, template images on macOS', () => {
    expect(trayIconFile('running', 'win32')).toBe('tray-running.png');
    expect(trayIconFile('paused', 'linux')).toBe('tray-paused.png');
    expect(trayIconFile('starting', 'linux')).toBe('tray-paused.png');
    expect(trayIconFile('error', 'linux')).toBe('tray-error.png');
    expect(trayIconFile('running', 'darwin')).toBe('tray-runningTemplate.png');
    expect(trayIconFile('error', 'darwin')).toBe('tray-errorTemplate.png');
  });
});
