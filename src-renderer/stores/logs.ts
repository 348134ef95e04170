import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { AdminClient } from '../api/index.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

type LogPage = Awaited<ReturnType<AdminClient['logs']['search']>>;

/** The request log: the newest page; the logs page adds filters, paging, the detail and export. */
export const useLogsStore = defineStore('logs', () => {
  const api = useAdminApi();
  const page = shallowRef<LogPage>({ data: [], nextCursor: null });
  const search = useRequest(async (limit = 50) => {
    page.value = await api.client.logs.search({ limit });
  });
  return { page, loading: search.loading, error: search.error, load: search.run };
});
