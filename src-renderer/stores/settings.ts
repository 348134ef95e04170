import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  ApiToken,
  ApiTokenWithSecret,
  CreateApiTokenInput,
} from '../../src-shared/schemas/api-token.ts';
import type { ChangePasswordInput } from '../../src-shared/schemas/auth.ts';
import type { CatalogStatus } from '../../src-shared/schemas/catalog.ts';
import type { GatewayStatus } from '../../src-shared/schemas/gateway-status.ts';
import type { MonitoringStatus } from '../../src-shared/schemas/monitoring-status.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/**
 * The settings page's data: the gateway's settings (saved as patches, answered whole), its
 * listener (read-only here), the catalog's freshness and refresh, admin API tokens, and the
 * browser admin's password. `monitoring` stays for pages that only read it.
 */
export const useSettingsStore = defineStore('settings', () => {
  const api = useAdminApi();
  const settings = shallowRef<Settings>();
  const monitoring = shallowRef<MonitoringStatus>();
  const system = shallowRef<GatewayStatus>();
  const catalog = shallowRef<CatalogStatus>();
  const tokens = ref<ApiToken[]>([]);

  const read = useRequest(async () => {
    [settings.value, monitoring.value, system.value, catalog.value, tokens.value] = await Promise.all([
      api.client.settings.get({}),
      api.client.monitoring.status({}),
      api.client.system.status({}),
      api.client.catalog.status({}),
      api.client.apiTokens.list({}).then((answer) => answer.data),
    ]);
  });

  /** Deep-merge `patch` into the settings; the gateway answers (and this keeps) the whole object. */
  async function update(patch: Record<string, unknown>): Promise<Settings> {
    settings.value = await api.client.settings.update({ body: patch });
    return settings.value;
  }

  const refreshing = useRequest(async () => {
    const result = await api.client.catalog.refresh({});
    catalog.value = result.status;
    return result;
  });

  async function createToken(body: CreateApiTokenInput): Promise<ApiTokenWithSecret> {
    const created = await api.client.apiTokens.create({ body });
    const { token: _secret, ...listed } = created;
    tokens.value = [...tokens.value, listed];
    return created;
  }

  async function revokeToken(id: string): Promise<void> {
    await api.client.apiTokens.revoke({ id });
    tokens.value = tokens.value.filter((token) => token.id !== id);
  }

  /** The gateway ends every login session and answers a new one: this tab keeps working on it. */
  async function changePassword(body: ChangePasswordInput): Promise<void> {
    const session = await api.client.auth.changePassword({ body });
    api.session.set(session.token, session.expiresAt);
  }

  return {
    settings,
    monitoring,
    system,
    catalog,
    tokens,
    loading: read.loading,
    error: read.error,
    load: read.run,
    update,
    refreshCatalog: refreshing.run,
    refreshingCatalog: refreshing.loading,
    refreshCatalogError: refreshing.error,
    createToken,
    revokeToken,
    changePassword,
  };
});
