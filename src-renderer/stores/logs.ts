import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { LogExportQuery, RequestLogView } from '../../src-shared/schemas/request-log.ts';
import { useAdminApi } from '../api/index.ts';
import { useRequest } from '../composables/use-request.ts';

/** What the logs page filters by; empty fields filter nothing. */
export interface LogFilters {
  model: string;
  keyId: string | null;
  /** An HTTP status (`429`) or an outcome (`error`, `success`). */
  status: string | null;
  /** Epoch ms, inclusive, from the date range picker. */
  range: [number, number] | null;
  /** Text in error codes and messages. */
  q: string;
}

export const emptyLogFilters = (): LogFilters => ({
  model: '',
  keyId: null,
  status: null,
  range: null,
  q: '',
});

/** The contract's query for these filters (search and export share it). */
export function logQueryOf(filters: LogFilters) {
  const query: { model?: string; keyId?: string; status?: number; outcome?: 'error' | 'success' } & {
    from?: number;
    to?: number;
    q?: string;
  } = {};
  if (filters.model.trim()) query.model = filters.model.trim();
  if (filters.keyId) query.keyId = filters.keyId;
  if (filters.status === 'error' || filters.status === 'success') query.outcome = filters.status;
  else if (filters.status) query.status = Number(filters.status);
  if (filters.range) [query.from, query.to] = filters.range;
  if (filters.q.trim()) query.q = filters.q.trim();
  return query;
}

/**
 * The request log: a filtered list read page by page (cursor paging, "load more"), one record in
 * full for the detail drawer, and the export as a file's pieces.
 */
export const useLogsStore = defineStore('logs', () => {
  const api = useAdminApi();
  const filters = reactive(emptyLogFilters());
  const pageSize = ref(100);
  const rows = shallowRef<RequestLogView[]>([]);
  const nextCursor = ref<string | null>(null);

  const search = useRequest(async () => {
    const page = await api.client.logs.search({ ...logQueryOf(filters), limit: pageSize.value });
    rows.value = page.data;
    nextCursor.value = page.nextCursor;
  });

  const more = useRequest(async () => {
    if (nextCursor.value === null) return;
    const page = await api.client.logs.search({
      ...logQueryOf(filters),
      limit: pageSize.value,
      cursor: nextCursor.value,
    });
    const known = new Set(rows.value.map((row) => row.id));
    rows.value = [...rows.value, ...page.data.filter((row) => !known.has(row.id))];
    nextCursor.value = page.nextCursor;
  });

  /**
   * Newer requests on top without losing what the user paged through: the first page again,
   * merged before the rows already shown. Runs on live traffic (the dashboard's events).
   */
  const refreshNewest = useRequest(async () => {
    const page = await api.client.logs.search({ ...logQueryOf(filters), limit: pageSize.value });
    const known = new Set(rows.value.map((row) => row.id));
    const fresh = page.data.filter((row) => !known.has(row.id));
    if (fresh.length === 0) return;
    if (fresh.length === page.data.length) {
      // A gap between the new page and the rows shown: start over from the newest page.
      rows.value = page.data;
      nextCursor.value = page.nextCursor;
    } else rows.value = [...fresh, ...rows.value];
  });

  const detail = (id: string): Promise<RequestLogView> => api.client.logs.get({ id });

  /** The export's pieces (a CSV header and rows, or JSON lines), newest first, for these filters. */
  const exportPieces = (format: LogExportQuery['format']): AsyncIterable<string> =>
    api.client.logs.export({ ...logQueryOf(filters), format });

  const keys = shallowRef<Array<{ id: string; name: string }>>([]);
  const loadKeys = useRequest(async () => {
    keys.value = (await api.client.virtualKeys.list({})).data.map(({ id, name }) => ({ id, name }));
  });

  /** The first page's shape, for callers that only want the newest rows. */
  const page = computed(() => ({ data: rows.value, nextCursor: nextCursor.value }));

  return {
    page,
    filters,
    pageSize,
    rows,
    nextCursor,
    loading: search.loading,
    error: search.error,
    load: search.run,
    loadingMore: more.loading,
    moreError: more.error,
    loadMore: more.run,
    refreshNewest: refreshNewest.run,
    detail,
    exportPieces,
    keys,
    loadKeys: loadKeys.run,
  };
});
