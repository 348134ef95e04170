import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { createUpdateController, type UpdaterLike, type UpdateView } from './create-update-controller.ts';

/** electron-updater's autoUpdater as seen from here: checks and downloads answer with its events. */
function fakeUpdater(found: string | undefined) {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  const updater = Object.assign(emitter, {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowPrerelease: false,
    async checkForUpdates() {
      calls.push(`check prerelease=${updater.allowPrerelease}`);
      emitter.emit('checking-for-update');
      if (found) emitter.emit('update-available', { version: found });
      else emitter.emit('update-not-available', {});
      return null;
    },
    async downloadUpdate() {
      calls.push('download');
      emitter.emit('download-progress', { percent: 50 });
      emitter.emit('update-downloaded', { version: found });
      return [];
    },
    quitAndInstall() {
      calls.push('install');
    },
  });
  return { updater: updater as unknown as UpdaterLike, calls };
}

function controller(options: { found?: string; enabled?: boolean; channel?: 'stable' | 'beta' } = {}) {
  const { updater, calls } = fakeUpdater(options.found);
  const timers: Array<{ ms: number; callback: () => void; cleared: boolean }> = [];
  const views: UpdateView[] = [];
  let enabled = options.enabled ?? true;
  const updates = createUpdateController({
    updater,
    enabled: () => enabled,
    channel: () => options.channel ?? 'stable',
    onChange: (view) => views.push(view),
    logger: createSilentLogger(),
    setInterval: (callback, ms) => {
      const timer = { ms, callback, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearInterval: (handle) => ((handle as { cleared: boolean }).cleared = true),
  });
  return { updates, updater, calls, timers, views, setEnabled: (value: boolean) => (enabled = value) };
}

describe('updates', () => {
  it('never download on their own: autoDownload is off', () => {
    const { updater } = controller();
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('are checked at start and once a day', async () => {
    const { updates, calls, timers } = controller();
    updates.start();
    await Promise.resolve();
    expect(calls).toEqual(['check prerelease=false']);
    expect(timers.map((timer) => timer.ms)).toEqual([24 * 60 * 60_000]);
    timers[0]!.callback();
    await Promise.resolve();
    expect(calls).toHaveLength(2);
    expect(updates.view()).toEqual({ state: 'up-to-date' });
  });

  it('found: offered, downloaded only on the user’s click, then restart to update', async () => {
    const { updates, calls, views } = controller({ found: '1.4.0' });
    updates.start();
    await Promise.resolve();
    expect(updates.view()).toEqual({ state: 'available', version: '1.4.0' });
    expect(calls).not.toContain('download');
    updates.install();
    expect(calls).not.toContain('install');
    await updates.download();
    expect(views).toContainEqual({ state: 'downloading', version: '1.4.0', percent: 50 });
    expect(updates.view()).toEqual({ state: 'downloaded', version: '1.4.0' });
    updates.install();
    expect(calls).toEqual(['check prerelease=false', 'download', 'install']);
  });

  it('switched off: no check at start, no daily one; the tray can still ask', async () => {
    const { updates, calls, timers } = controller({ enabled: false });
    updates.start();
    expect(calls).toEqual([]);
    expect(timers).toEqual([]);
    await updates.checkNow();
    expect(calls).toEqual(['check prerelease=false']);
  });

  it('turning it off later cancels the daily check', () => {
    const { updates, timers, setEnabled } = controller();
    updates.start();
    setEnabled(false);
    updates.reconfigure();
    expect(timers[0]!.cleared).toBe(true);
    expect(timers).toHaveLength(1);
  });

  it('the beta channel includes pre-releases', async () => {
    const { updates, calls } = controller({ channel: 'beta' });
    await updates.checkNow();
    expect(calls).toEqual(['check prerelease=true']);
  });

  it('a failed check says so and can be retried', async () => {
    const { updates, updater } = controller();
    updater.checkForUpdates = async () => {
      throw new Error('net::ERR_INTERNET_DISCONNECTED');
    };
    await updates.checkNow();
    expect(updates.view()).toEqual({ state: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' });
  });

  it('without an updater (unpackaged app) there is nothing to check', async () => {
    const updates = createUpdateController({
      updater: undefined,
      enabled: () => true,
      channel: () => 'stable',
      onChange: () => undefined,
      logger: createSilentLogger(),
    });
    updates.start();
    await updates.checkNow();
    expect(updates.view()).toEqual({ state: 'disabled' });
  });
});
