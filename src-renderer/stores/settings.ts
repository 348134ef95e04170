import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import type { MonitoringStatus } from '../../src-shared/schemas/monitoring-status.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** The gateway's settings and monitoring status; the settings page adds the edits. */
export const useSettingsStore = defineStore('settings', () => {
  const api = useAdminApi();
  const settings = shallowRef<Settings>();
  const monitoring = shallowRef<MonitoringStatus>();
  const read = useRequest(async () => {
    [settings.value, monitoring.value] = await Promise.all([
      api.client.settings.get({}),
      api.client.monitoring.status({}),
    ]);
  });
  return { settings, monitoring, loading: read.loading, error: read.error, load: read.run };
});
