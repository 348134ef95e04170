import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  CreateHealthTargetInput,
  HealthRun,
  HealthTarget,
  UpdateHealthTargetInput,
} from '../../src-shared/schemas/health-target.ts';
import type { MonitoringStatus } from '../../src-shared/schemas/monitoring-status.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** A model or virtual model a target can check: its id and name. */
export interface CheckableModel {
  id: string;
  name: string;
}

/**
 * The health page's data: targets (CRUD and run-now, with each target's last run here), the
 * models they can check, and monitoring as it runs (turned on and off, like LAN sharing, through
 * the settings).
 */
export const useHealthStore = defineStore('health', () => {
  const api = useAdminApi();
  const targets = ref<HealthTarget[]>([]);
  const monitoring = shallowRef<MonitoringStatus>();
  const models = shallowRef<CheckableModel[]>([]);
  const virtualModels = shallowRef<CheckableModel[]>([]);
  /** The last run-now answer of each target, by id. */
  const lastRuns = ref<Record<string, HealthRun>>({});

  const list = useRequest(async () => {
    const [found, status, modelList, virtualModelList] = await Promise.all([
      api.client.healthTargets.list({}),
      api.client.monitoring.status({}),
      api.client.models.list({}),
      api.client.virtualModels.list({}),
    ]);
    targets.value = found.data;
    monitoring.value = status;
    models.value = modelList.data.map(({ id, name }) => ({ id, name }));
    virtualModels.value = virtualModelList.data.map(({ id, name }) => ({ id, name }));
  });

  async function create(body: CreateHealthTargetInput): Promise<HealthTarget> {
    const created = await api.client.healthTargets.create({ body });
    targets.value = [...targets.value, created];
    return created;
  }

  async function update(id: string, body: UpdateHealthTargetInput): Promise<HealthTarget> {
    const updated = await api.client.healthTargets.update({ id, body });
    targets.value = targets.value.map((target) => (target.id === id ? updated : target));
    return updated;
  }

  async function remove(id: string): Promise<void> {
    await api.client.healthTargets.remove({ id });
    targets.value = targets.value.filter((target) => target.id !== id);
  }

  async function run(id: string): Promise<HealthRun> {
    const result = await api.client.healthTargets.run({ id });
    lastRuns.value = { ...lastRuns.value, [id]: result };
    return result;
  }

  /** Monitoring and LAN sharing are settings; the answer is read back as the gateway applied it. */
  async function setSharing(patch: { monitoring?: boolean; lan?: boolean }): Promise<void> {
    await api.client.settings.update({
      body: {
        ...(patch.monitoring === undefined ? {} : { monitoring: { enabled: patch.monitoring } }),
        ...(patch.lan === undefined ? {} : { lanStatus: { enabled: patch.lan } }),
      },
    });
    monitoring.value = await api.client.monitoring.status({});
  }

  return {
    targets,
    monitoring,
    models,
    virtualModels,
    lastRuns,
    loading: list.loading,
    error: list.error,
    load: list.run,
    create,
    update,
    remove,
    run,
    setSharing,
  };
});
