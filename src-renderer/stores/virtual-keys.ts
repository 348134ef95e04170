import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { KeyBudget } from '../../src-shared/schemas/usage.ts';
import type {
  CreateVirtualKeyInput,
  UpdateVirtualKeyInput,
  VirtualKey,
  VirtualKeyWithSecret,
} from '../../src-shared/schemas/virtual-key.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Requests per day of one key, oldest first, for its sparkline. */
export interface KeyUsageSeries {
  days: number;
  requests: number[];
  costUsd: number;
}

const day = 24 * 60 * 60 * 1000;
export const sparklineDays = 14;

/**
 * Virtual keys: the list, create and rotate (their answers carry the secret, once), edit (limits,
 * budgets, expiry, allowed models and IP ranges), enable/disable, delete; each key's spend
 * (usage.budgets) and requests per day over two weeks (usage.summary by key) for the sparkline.
 */
export const useVirtualKeysStore = defineStore('virtualKeys', () => {
  const api = useAdminApi();
  const virtualKeys = ref<VirtualKey[]>([]);
  const budgets = shallowRef<Record<string, KeyBudget>>({});
  const usage = shallowRef<Record<string, KeyUsageSeries>>({});
  const list = useRequest(async () => {
    virtualKeys.value = (await api.client.virtualKeys.list({})).data;
  });

  /** Spend and usage; a failure leaves the table usable (the columns show '—'). */
  const usageRequest = useRequest(async (now: number = Date.now()) => {
    const today = Math.floor(now / day) * day;
    const from = today - (sparklineDays - 1) * day;
    const [budgetList, summary] = await Promise.all([
      api.client.usage.budgets({}),
      api.client.usage.summary({ from: new Date(from).toISOString(), granularity: 'day', groupBy: 'key' }),
    ]);
    budgets.value = Object.fromEntries(budgetList.data.map((budget) => [budget.keyId, budget]));
    usage.value = Object.fromEntries(
      summary.groups.map((group) => {
        const requests = Array.from({ length: sparklineDays }, () => 0);
        for (const point of group.series) {
          const index = Math.floor((Date.parse(point.bucketStart) - from) / day);
          if (index >= 0 && index < sparklineDays) requests[index]! += point.requests;
        }
        return [group.id, { days: sparklineDays, requests, costUsd: group.totals.costUsd }];
      }),
    );
  });

  function remember(key: VirtualKey): VirtualKey {
    const { key: _secret, ...stored } = key as VirtualKeyWithSecret;
    const known = virtualKeys.value.some((candidate) => candidate.id === key.id);
    virtualKeys.value = known
      ? virtualKeys.value.map((candidate) => (candidate.id === key.id ? stored : candidate))
      : [...virtualKeys.value, stored];
    return key;
  }

  /** The created key with its secret: show it once, keep it nowhere. */
  const create = async (body: CreateVirtualKeyInput) =>
    remember(await api.client.virtualKeys.create({ body })) as VirtualKeyWithSecret;
  const update = async (id: string, body: UpdateVirtualKeyInput) =>
    remember(await api.client.virtualKeys.update({ id, body }));
  const setEnabled = (id: string, enabled: boolean) => update(id, { enabled });
  /** A new secret for the key (the old one stops working at once), shown once. */
  const rotate = async (id: string) =>
    remember(await api.client.virtualKeys.rotate({ id })) as VirtualKeyWithSecret;

  async function remove(id: string): Promise<void> {
    await api.client.virtualKeys.remove({ id });
    virtualKeys.value = virtualKeys.value.filter((key) => key.id !== id);
  }

  return {
    virtualKeys,
    loading: list.loading,
    error: list.error,
    load: list.run,
    budgets,
    usage,
    usageError: usageRequest.error,
    loadUsage: usageRequest.run,
    create,
    update,
    setEnabled,
    rotate,
    remove,
  };
});
