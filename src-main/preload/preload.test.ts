import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import type { fakeElectron as FakeElectron } from '../../tests/support/fake-electron.ts';
import type { DesktopBridge } from './create-desktop-bridge.ts';

const state: AdminEvent = {
  name: 'gatewayState',
  data: {
    state: 'listening',
    url: 'http://127.0.0.1:3000',
    lanUrl: null,
    startedAt: '2026-01-01T00:00:00.000Z',
  },
};

let fakeElectron: typeof FakeElectron;

/** The preload exposes its bridge when it runs: a fresh module graph (and fake Electron) per test. */
async function loadPreload(): Promise<DesktopBridge> {
  vi.resetModules();
  fakeElectron = (await import('../../tests/support/fake-electron.ts')).fakeElectron;
  await import('../preload.ts');
  return fakeElectron.exposed.get('llmGateway') as DesktopBridge;
}

describe('the preload', () => {
  let bridge: DesktopBridge;
  beforeEach(async () => {
    bridge = await loadPreload();
  });

  it('exposes exactly window.llmGateway with invoke and subscribe', () => {
    expect([...fakeElectron.exposed.keys()]).toEqual(['llmGateway']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('invokes the contract’s and the desktop channels', async () => {
    fakeElectron.ipcRenderer.answer = () => ({ ok: true, value: { data: [] } });
    expect(await bridge.invoke('admin:providers.list', {})).toEqual({ ok: true, value: { data: [] } });
    await bridge.invoke('admin:stream.next', 1);
    await bridge.invoke('desktop:clientSetup.plan', { client: 'codex' });
    expect(fakeElectron.ipcRenderer.invoked.map((call) => call.channel)).toEqual([
      'admin:providers.list',
      'admin:stream.next',
      'desktop:clientSetup.plan',
    ]);
  });

  it('refuses any other channel without reaching the main process', async () => {
    for (const channel of [
      'electron-store-get-data',
      'admin:providers.nope',
      'desktop:events.ready',
      '',
      42,
    ]) {
      expect(await bridge.invoke(channel as string, {})).toMatchObject({
        ok: false,
        error: { status: 404, code: 'unknown_channel' },
      });
    }
    expect(fakeElectron.ipcRenderer.invoked).toEqual([]);
  });

  it('subscribe: asks for events once, hands over payloads only, replays the state to late listeners', () => {
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stop = bridge.subscribe((event) => first.push(event));
    expect(fakeElectron.ipcRenderer.invoked.map((call) => call.channel)).toEqual(['desktop:events.ready']);
    fakeElectron.ipcRenderer.deliver('admin:event', state);
    expect(first).toEqual([state]);
    const stopSecond = bridge.subscribe((event) => second.push(event));
    expect(second).toEqual([state]);
    expect(fakeElectron.ipcRenderer.invoked).toHaveLength(1);
    stop();
    stopSecond();
    fakeElectron.ipcRenderer.deliver('admin:event', state);
    expect(first).toHaveLength(1);
    expect(fakeElectron.ipcRenderer.listeners.get('admin:event')?.size).toBe(0);
  });
});
