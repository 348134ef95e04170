import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AdminEvent, AdminEventData } from '../../src-shared/contract/index.ts';
import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import { useAdminApi } from '../api/index.ts';

type LiveStats = AdminEventData<'liveStats'>;

/** How many `liveStats` samples the dashboard keeps (about ten minutes at one every 5 s). */
const historyLength = 120;

/**
 * The gateway as the contract's events tell it, live: its state, traffic (with a short history
 * for charts), the configuration version (pages reload their lists when it moves), the last
 * breaker and health changes, whether request logs reach the database (`storage`: read from
 * `system.status` each time the events connect, then kept by `storageChanged`). `start`
 * subscribes (after login), `stop` lets go.
 */
export const useGatewayStore = defineStore('gateway', () => {
  const api = useAdminApi();
  const state = shallowRef<AdminEventData<'gatewayState'>>();
  const liveStats = shallowRef<LiveStats>();
  const history = shallowRef<LiveStats[]>([]);
  const configVersion = ref<number>();
  const breakers = ref<Record<string, AdminEventData<'breakerChanged'>>>({});
  const lastHealthChange = shallowRef<AdminEventData<'healthChanged'>>();
  const storage = shallowRef<StorageStatus>();
  const connected = ref(false);
  // Which `storage` is newest: an event that arrives while the status is being read wins.
  let storageEvents = 0;
  let unsubscribe: (() => void) | undefined;

  function handle(event: AdminEvent): void {
    switch (event.name) {
      case 'gatewayState':
        state.value = event.data;
        break;
      case 'liveStats':
        liveStats.value = event.data;
        history.value = [...history.value, event.data].slice(-historyLength);
        break;
      case 'configChanged':
        configVersion.value = event.data.version;
        break;
      case 'breakerChanged':
        breakers.value = { ...breakers.value, [event.data.modelId]: event.data };
        break;
      case 'healthChanged':
        lastHealthChange.value = event.data;
        break;
      case 'storageChanged':
        storageEvents++;
        storage.value = event.data;
        break;
      case 'budgetExhausted':
        break;
    }
  }

  /**
   * The storage state as the gateway has it now: the events carry only its changes, and one may
   * have happened before they connected (or while they were down). Best effort: a failed read
   * leaves what is known.
   */
  async function readStorage(): Promise<void> {
    const seen = storageEvents;
    try {
      const status = await api.client.system.status({});
      if (seen === storageEvents) storage.value = status.storage;
    } catch {
      // The page's own loads show why the gateway cannot be reached.
    }
  }

  function start(): void {
    if (unsubscribe) return;
    unsubscribe = api.events.subscribe(handle, {
      onConnectionChange: (up) => {
        connected.value = up;
        if (up) void readStorage();
      },
    });
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    connected.value = false;
  }

  // A refused session stops the browser's subscription; the next login starts it again.
  api.onSessionEnded(stop);

  return {
    state,
    liveStats,
    history,
    configVersion,
    breakers,
    lastHealthChange,
    storage,
    connected,
    start,
    stop,
    handle,
  };
});
