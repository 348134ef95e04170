import type {
  PublicDetail,
  PublicRunsPage,
  PublicSummary,
  PublicTarget,
} from '../src-shared/schemas/public-health.ts';

export class StatusUnavailableError extends Error {}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (response.status === 404) throw new StatusUnavailableError('monitoring is off');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const statusApi = {
  summary: () => getJson<PublicSummary>('/public/health/summary'),
  targets: () => getJson<{ data: PublicTarget[] }>('/public/health/targets').then((body) => body.data),
  detail: (id: string) => getJson<PublicDetail>(`/public/health/detail?target_id=${encodeURIComponent(id)}`),
  runs: (id: string, page: number, pageSize = 50) =>
    getJson<PublicRunsPage>(
      `/public/health/runs?target_id=${encodeURIComponent(id)}&window=24h&page=${page}&page_size=${pageSize}`,
    ),
};
