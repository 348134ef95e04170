import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AdminEvent, AdminEventData } from '../../src-shared/contract/index.ts';
import { useAdminApi } from '../api/index.ts';

type LiveStats = AdminEventData<'liveStats'>;

/** How many `liveStats` samples the dashboard keeps (about ten minutes at one every 5 s). */
const historyLength = 120;

/**
 * The gateway as the contract's events tell it, live: its state, traffic (with a short history
 * for charts), the configuration version (pages reload their lists when it moves), the last
 * breaker and health changes. `start` subscribes (after login), `stop` lets go.
 */
export const useGatewayStore = defineStore('gateway', () => {
  const api = useAdminApi();
  const state = shallowRef<AdminEventData<'gatewayState'>>();
  const liveStats = shallowRef<LiveStats>();
  const history = shallowRef<LiveStats[]>([]);
  const configVersion = ref<number>();
  const breakers = ref<Record<string, AdminEventData<'breakerChanged'>>>({});
  const lastHealthChange = shallowRef<AdminEventData<'healthChanged'>>();
  const connected = ref(false);
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
      case 'budgetExhausted':
        break;
    }
  }

  function start(): void {
    if (unsubscribe) return;
    unsubscribe = api.events.subscribe(handle, {
      onConnectionChange: (up) => {
        connected.value = up;
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
    connected,
    start,
    stop,
    handle,
  };
});
