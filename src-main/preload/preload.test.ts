import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import type { fakeElectron as FakeElectron } from '../../tests/support/fake-electron.ts';
import type { DesktopBridge } from './create-desktop-bridge.ts';
import { adminContract, invokeThroughBridge } from '../../src-shared/contract/index.ts';
import { desktopOperationNames } from '../../src-shared/desktop/desktop-operations.ts';

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

  it('exposes exactly window.llmGateway: the contract’s methods, stream pulls, desktop operations, events', () => {
    expect([...fakeElectron.exposed.keys()]).toEqual(['llmGateway']);
    expect(Object.keys(bridge).sort()).toEqual(['admin', 'desktop', 'streams', 'subscribe']);
    expect(Object.keys(bridge.admin).sort()).toEqual(Object.keys(adminContract).sort());
    for (const [domain, operations] of Object.entries(adminContract))
      expect(Object.keys(bridge.admin[domain] ?? {}).sort()).toEqual(Object.keys(operations).sort());
    expect(Object.keys(bridge.desktop).sort()).toEqual([...desktopOperationNames].sort());
    expect(Object.keys(bridge.streams).sort()).toEqual(['cancel', 'next']);
    expect('invoke' in bridge).toBe(false);
  });

  it('each method calls its own channel: the page names none', async () => {
    fakeElectron.ipcRenderer.answer = () => ({ ok: true, value: { data: [] } });
    expect(await bridge.admin.providers?.list?.({})).toEqual({ ok: true, value: { data: [] } });
    await bridge.streams.next(1);
    await bridge.desktop['clientSetup.plan']?.({ client: 'codex' });
    expect(fakeElectron.ipcRenderer.invoked.map((call) => call.channel)).toEqual([
      'admin:providers.list',
      'admin:stream.next',
      'desktop:clientSetup.plan',
    ]);
  });

  it('the renderer’s client reaches only what the bridge has: anything else never reaches the main process', async () => {
    const invoke = invokeThroughBridge(bridge);
    for (const channel of [
      'electron-store-get-data',
      'admin:providers.nope',
      'desktop:events.ready',
      'admin:__proto__.x',
      '',
    ]) {
      expect(await invoke(channel, {})).toMatchObject({
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
