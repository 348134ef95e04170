import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { z } from 'zod';
import type {
  CatalogSearchQuery,
  CatalogStatus,
  catalogPageSchema,
} from '../../src-shared/schemas/catalog.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

export type CatalogPage = z.infer<typeof catalogPageSchema>;

/**
 * The model catalog (LiteLLM's price list): where it comes from and how fresh it is, a refresh,
 * and the current search page. A newer search wins over a slower older one.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const api = useAdminApi();
  const status = shallowRef<CatalogStatus>();
  const page = shallowRef<CatalogPage>();
  const refreshing = ref(false);
  let latestSearch = 0;

  const statusRequest = useRequest(async () => {
    status.value = await api.client.catalog.status({});
  });
  const searchRequest = useRequest(async (query: CatalogSearchQuery) => {
    const ticket = ++latestSearch;
    const answer = await api.client.catalog.search(query);
    if (ticket === latestSearch) page.value = answer;
  });

  /** Fetch the catalog now; resolves with the outcome (a failure keeps the cached catalog). */
  async function refresh() {
    refreshing.value = true;
    try {
      const result = await api.client.catalog.refresh({});
      status.value = result.status;
      return result;
    } finally {
      refreshing.value = false;
    }
  }

  return {
    status,
    statusError: statusRequest.error,
    loadStatus: statusRequest.run,
    page,
    searching: searchRequest.loading,
    searchError: searchRequest.error,
    search: searchRequest.run,
    refreshing,
    refresh,
  };
});
