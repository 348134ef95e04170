import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CreateVirtualKeyInput, VirtualKey } from '../../src-shared/schemas/virtual-key.ts';
import { useAdminApi } from '../api/index.ts';
import { sendTestRequest, type TestRequestResult } from '../api/send-test-request.ts';
import { useRequest } from '../composables/use-request.ts';
import { useGatewayStore } from './gateway.ts';

/**
 * Connecting a client: the keys and the model names a client may ask for, the secret of the key
 * in use (known only right after creating it, or pasted by the user; never stored), and the
 * test request a client would send.
 */
export const useConnectStore = defineStore('connect', () => {
  const api = useAdminApi();
  const gateway = useGatewayStore();
  const keys = ref<VirtualKey[]>([]);
  /** Model and virtual model names, as clients send them. */
  const modelNames = ref<string[]>([]);
  /** Secrets of keys created in this tab, by key id (the gateway shows a secret only once). */
  const secrets = ref<Record<string, string>>({});

  const list = useRequest(async () => {
    const [virtualKeys, models, virtualModels] = await Promise.all([
      api.client.virtualKeys.list({}),
      api.client.models.list({}),
      api.client.virtualModels.list({}),
    ]);
    keys.value = virtualKeys.data.filter((key) => !key.isMonitoring);
    modelNames.value = [
      ...virtualModels.data.filter((model) => model.enabled).map((model) => model.name),
      ...models.data.filter((model) => model.enabled).map((model) => model.name),
    ];
  });

  const createKey = async (body: CreateVirtualKeyInput): Promise<VirtualKey> => {
    const { key, ...created } = await api.client.virtualKeys.create({ body });
    keys.value = [...keys.value, created];
    secrets.value = { ...secrets.value, [created.id]: key };
    return created;
  };

  /**
   * The root URL clients use: the gateway's own address (the desktop window has no origin of its
   * own), else this page's origin, which is the gateway in a browser.
   */
  const gatewayUrl = computed(() => gateway.state?.url ?? window.location.origin);

  const answer = ref('');
  const result = shallowRef<TestRequestResult>();
  const test = useRequest(async (options: { apiKey: string; model: string; prompt: string }) => {
    answer.value = '';
    result.value = undefined;
    result.value = await sendTestRequest({
      // Same origin in a browser (the page's CSP allows only 'self'); the gateway's URL in the desktop.
      gatewayUrl: api.transport === 'http' ? '' : gatewayUrl.value,
      ...options,
      onText: (piece) => {
        answer.value += piece;
      },
    });
  });

  return {
    keys,
    modelNames,
    secrets,
    gatewayUrl,
    loading: list.loading,
    error: list.error,
    load: list.run,
    createKey,
    answer,
    result,
    testing: test.loading,
    testError: test.error,
    sendTest: test.run,
  };
});
