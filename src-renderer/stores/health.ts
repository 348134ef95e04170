import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HealthTarget } from '../../src-shared/schemas/health-target.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** Health targets: the list; the health page adds run-now, monitoring and LAN sharing. */
export const useHealthStore = defineStore('health', () => {
  const api = useAdminApi();
  const targets = ref<HealthTarget[]>([]);
  const list = useRequest(async () => {
    targets.value = (await api.client.healthTargets.list({})).data;
  });
  return { targets, loading: list.loading, error: list.error, load: list.run };
});
