import { describe, expect, it, vi } from 'vitest';
import { ContractCallError, type AdminEvent, type DesktopBridge } from '../../src-shared/contract/index.ts';
import { createAdminApi, findDesktopBridge } from './index.ts';

/** A Storage over a Map (sessionStorage's interface). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const provider = { id: 'p1', name: 'OpenAI' };

describe('createAdminApi: the transport switch', () => {
  it('uses the desktop bridge when there is one: its contract methods, IPC answers unwrapped, events pushed', async () => {
    const listeners = new Set<(event: AdminEvent) => void>();
    const list = vi.fn(async () => ({ ok: true, value: { data: [provider] } }));
    const get = vi.fn(async () => ({
      ok: false,
      error: { status: 404, code: 'not_found', message: 'No provider with id "x"' },
    }));
    const restore = vi.fn(async () => ({
      ok: false,
      error: { status: 404, code: 'no_backup', message: 'There is nothing to restore' },
    }));
    const bridge: DesktopBridge = {
      admin: { providers: { list, get } },
      streams: { next: vi.fn(), cancel: vi.fn() },
      desktop: { 'clientSetup.restore': restore },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const fetch = vi.fn();
    const api = createAdminApi({ bridge: findDesktopBridge({ llmGateway: bridge }), fetch });
    expect(api.transport).toBe('ipc');
    expect(await api.client.providers.list({})).toEqual({ data: [provider] });
    expect(list).toHaveBeenCalledWith({});
    const failure = await api.client.providers.get({ id: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContractCallError);
    expect(failure).toMatchObject({ status: 404, message: 'No provider with id "x"' });
    // The desktop operations: typed, over the same bridge, refusals as ContractCallError too.
    const refused = await api.desktop?.['clientSetup.restore']({ client: 'codex' }).catch(
      (error: unknown) => error,
    );
    expect(restore).toHaveBeenCalledWith({ client: 'codex' });
    expect(refused).toMatchObject({ code: 'no_backup', message: 'There is nothing to restore' });

    const received: AdminEvent[] = [];
    const connected: boolean[] = [];
    const stop = api.events.subscribe((event) => received.push(event), {
      onConnectionChange: (up) => connected.push(up),
    });
    const event: AdminEvent = { name: 'configChanged', data: { version: 3, at: '2026-01-01T00:00:00Z' } };
    for (const listener of listeners) listener(event);
    stop();
    expect(listeners.size).toBe(0);
    expect(received).toEqual([event]);
    expect(connected).toEqual([true]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('ignores a global of the wrong shape and falls back to HTTP', () => {
    expect(findDesktopBridge({ llmGateway: { invoke: () => undefined } })).toBeUndefined();
    expect(findDesktopBridge({ llmGateway: { admin: {}, subscribe: () => undefined } })).toBeUndefined();
    expect(findDesktopBridge({})).toBeUndefined();
    const api = createAdminApi({ bridge: findDesktopBridge({}), fetch: vi.fn() });
    expect(api.transport).toBe('http');
    expect(api.desktop).toBeUndefined();
  });

  it('over HTTP sends the session token, keeps it across a reload, and ends the session on a 401', async () => {
    const storage = memoryStorage();
    const seen: (string | null)[] = [];
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      const authorization = new Headers(init?.headers).get('authorization');
      seen.push(authorization);
      if (authorization === 'Bearer good-token')
        return new Response(JSON.stringify({ data: [provider] }), { status: 200 });
      return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Token expired' } }), {
        status: 401,
      });
    });
    const api = createAdminApi({ baseUrl: 'http://gateway.test', storage, fetch });
    expect(api.transport).toBe('http');
    api.session.set('good-token', new Date(Date.now() + 60_000).toISOString());
    expect(await api.client.providers.list({})).toEqual({ data: [provider] });
    expect(fetch.mock.calls[0]![0]).toBe('http://gateway.test/api/providers');

    // A reload: a new api over the same sessionStorage finds the token.
    const reloaded = createAdminApi({ baseUrl: 'http://gateway.test', storage, fetch });
    expect(reloaded.session.get()).toBe('good-token');

    const ended = vi.fn();
    reloaded.onSessionEnded(ended);
    reloaded.session.set('stale-token');
    await expect(reloaded.client.providers.list({})).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(reloaded.session.get()).toBeUndefined();
    expect(storage.length).toBe(0);
    expect(seen).toEqual(['Bearer good-token', 'Bearer stale-token']);
  });

  it('forgets a token past its expiry', () => {
    const api = createAdminApi({ storage: memoryStorage(), fetch: vi.fn() });
    api.session.set('old-token', new Date(Date.now() - 1000).toISOString());
    expect(api.session.get()).toBeUndefined();
  });
});
