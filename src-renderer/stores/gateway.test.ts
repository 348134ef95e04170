// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import type { AdminEvent } from '../../src-shared/contract/index.ts';
import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import { adminApiKey, type AdminApi } from '../api/index.ts';
import { createSessionToken } from '../api/session-token.ts';
import { useGatewayStore } from './gateway.ts';

const status = (state: StorageStatus['state']): StorageStatus => ({
  state,
  problem: state === 'ok' ? null : 'read-only',
  message: null,
  since: null,
  failedWrites: state === 'ok' ? 0 : 1,
  lastWriteAt: null,
  pendingRows: 0,
  droppedRows: 0,
});

/** The gateway store over events the test pushes and a `system.status` it answers when told. */
function storeWith() {
  let listener: ((event: AdminEvent) => void) | undefined;
  let connection: ((up: boolean) => void) | undefined;
  const reads: ((storage: StorageStatus) => void)[] = [];
  const api = {
    transport: 'http',
    client: {
      system: {
        status: () =>
          new Promise((resolve) =>
            reads.push((storage) => resolve({ version: '1', databaseBytes: 0, storage })),
          ),
      },
    },
    events: {
      subscribe(next: (event: AdminEvent) => void, options?: { onConnectionChange?: (up: boolean) => void }) {
        listener = next;
        connection = options?.onConnectionChange;
        return () => (listener = undefined);
      },
    },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
  const app = createApp({});
  app.provide(adminApiKey, api);
  const pinia = createPinia();
  app.use(pinia);
  setActivePinia(pinia);
  const store = app.runWithContext(() => useGatewayStore());
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    store,
    reads,
    connect: (up: boolean) => connection!(up),
    push: (data: StorageStatus) => listener!({ name: 'storageChanged', data }),
    settle,
  };
}

describe('the gateway store’s storage state', () => {
  it('reads the state when the events connect, and again after they reconnect', async () => {
    const gateway = storeWith();
    gateway.store.start();
    expect(gateway.reads).toHaveLength(0);
    gateway.connect(true);
    gateway.reads[0]!(status('failing'));
    await gateway.settle();
    expect(gateway.store.storage?.state).toBe('failing');

    // The stream drops; storage recovers meanwhile (the event is missed); it reconnects.
    gateway.connect(false);
    gateway.connect(true);
    expect(gateway.reads).toHaveLength(2);
    gateway.reads[1]!(status('ok'));
    await gateway.settle();
    expect(gateway.store.storage?.state).toBe('ok');
  });

  it('keeps an event that arrived while the status was on its way (the event is newer)', async () => {
    const gateway = storeWith();
    gateway.store.start();
    gateway.connect(true);
    gateway.push(status('failing'));
    gateway.reads[0]!(status('ok'));
    await gateway.settle();
    expect(gateway.store.storage?.state).toBe('failing');
    gateway.push(status('ok'));
    expect(gateway.store.storage?.state).toBe('ok');
  });
});
