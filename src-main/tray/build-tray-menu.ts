import type { MenuItemConstructorOptions } from 'electron';
import type { GatewayStatus } from '../gateway/create-gateway-supervisor.ts';
import type { UpdateView } from '../updates/create-update-controller.ts';
import { trayLabels, type TrayLanguage } from './tray-labels.ts';

/** Everything the tray shows, gathered from the gateway, the preferences and the updater. */
export interface TrayView {
  status: GatewayStatus;
  /** The endpoint clients use (while running). */
  url: string | null;
  /** Why it is not running (status `error`). */
  error?: string;
  /** Requests since local midnight; null until known. */
  requestsToday: number | null;
  lan: { enabled: boolean; url: string | null };
  launchAtLogin: boolean;
  update: UpdateView;
  language: TrayLanguage;
}

/** What the menu's items do (the composition root binds them). */
export interface TrayActions {
  openDashboard(): void;
  copyEndpoint(): void;
  setUpClient(client: 'claude-code' | 'codex'): void;
  pause(): void;
  resume(): void;
  toggleLan(enabled: boolean): void;
  toggleLaunchAtLogin(enabled: boolean): void;
  checkForUpdates(): void;
  downloadUpdate(): void;
  installUpdate(): void;
  openLogs(): void;
  quit(): void;
}

/** The first line: the state, and today's traffic or the error. */
export function trayStatusLine(view: TrayView): string {
  const labels = trayLabels(view.language);
  if (view.status === 'running')
    return view.requestsToday === null
      ? labels.running
      : `${labels.running} — ${labels.requestsToday(view.requestsToday)}`;
  if (view.status === 'error') return view.error ? `${labels.error}: ${view.error}` : labels.error;
  return labels[view.status];
}

/** The tooltip: name, state and endpoint. */
export function trayTooltip(view: TrayView): string {
  return ['LLM Gateway', trayStatusLine(view), view.status === 'running' ? view.url : null]
    .filter(Boolean)
    .join('\n');
}

function updateItem(view: TrayView, actions: TrayActions): MenuItemConstructorOptions {
  const labels = trayLabels(view.language);
  const update = view.update;
  switch (update.state) {
    case 'checking':
      return { label: labels.checking, enabled: false };
    case 'available':
      return { label: labels.downloadUpdate(update.version), click: () => actions.downloadUpdate() };
    case 'downloading':
      return { label: labels.downloading(update.percent), enabled: false };
    case 'downloaded':
      return { label: labels.restartToUpdate(update.version), click: () => actions.installUpdate() };
    case 'up-to-date':
      return { label: labels.upToDate, click: () => actions.checkForUpdates() };
    case 'error':
      return { label: labels.updateFailed, click: () => actions.checkForUpdates() };
    case 'disabled':
      return { label: labels.checkForUpdates, enabled: false };
    default:
      return { label: labels.checkForUpdates, click: () => actions.checkForUpdates() };
  }
}

/** The tray menu for a state: a pure function, so each state's menu is tested without Electron. */
export function buildTrayMenu(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const labels = trayLabels(view.language);
  const running = view.status === 'running';
  const items: MenuItemConstructorOptions[] = [{ id: 'status', label: trayStatusLine(view), enabled: false }];
  if (running && view.url) items.push({ id: 'endpoint', label: view.url, enabled: false });
  items.push(
    { type: 'separator' },
    { id: 'open-dashboard', label: labels.openDashboard, click: () => actions.openDashboard() },
    {
      id: 'copy-endpoint',
      label: labels.copyEndpoint,
      enabled: running,
      click: () => actions.copyEndpoint(),
    },
    {
      id: 'setup-claude-code',
      label: labels.setUpClaudeCode,
      click: () => actions.setUpClient('claude-code'),
    },
    { id: 'setup-codex', label: labels.setUpCodex, click: () => actions.setUpClient('codex') },
    { type: 'separator' },
  );
  if (running) items.push({ id: 'pause', label: labels.pause, click: () => actions.pause() });
  else if (view.status === 'paused')
    items.push({ id: 'resume', label: labels.resume, click: () => actions.resume() });
  else if (view.status === 'error')
    items.push({ id: 'retry', label: labels.retry, click: () => actions.resume() });
  items.push({
    id: 'share-lan',
    label: labels.shareOnLan,
    type: 'checkbox',
    checked: view.lan.enabled,
    click: () => actions.toggleLan(!view.lan.enabled),
  });
  if (view.lan.enabled && running)
    items.push({ id: 'lan-url', label: view.lan.url ?? labels.lanUnreachable, enabled: false });
  items.push(
    { type: 'separator' },
    {
      id: 'launch-at-login',
      label: labels.launchAtLogin,
      type: 'checkbox',
      checked: view.launchAtLogin,
      click: () => actions.toggleLaunchAtLogin(!view.launchAtLogin),
    },
    { id: 'updates', ...updateItem(view, actions) },
    { id: 'open-logs', label: labels.openLogs, click: () => actions.openLogs() },
    { type: 'separator' },
    { id: 'quit', label: labels.quit, click: () => actions.quit() },
  );
  return items;
}
