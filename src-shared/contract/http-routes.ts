import type { Operation, ParsedInput } from './define-operation.ts';
import { adminContract as contract } from './admin-contract.ts';

/** How one operation is served under `/api`: the HTTP binding and the browser's client both read this. */
export interface HttpRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path below `/api`; `:name` segments fill the input field of that name. */
  path: string;
  operation: Operation;
  /** The success status (default 200; operations that answer nothing: 204). */
  status?: number;
  /**
   * Streaming operations: the answer's content type and download file name, from the parsed
   * input. Each item is written as it comes (strings as they are, anything else as a JSON line);
   * without this entry the answer is JSON lines.
   */
  streamResponse?: (input: Record<string, unknown>) => StreamResponse;
}

/** How a streamed answer is labelled. */
export interface StreamResponse {
  contentType: string;
  /** Sent as `content-disposition: attachment; filename="…"`. */
  filename?: string;
}

/** The route table: every operation of the contract once (a test holds the two to each other). */
export const adminHttpRoutes: readonly HttpRoute[] = [
  ...resource('/providers', contract.providers),
  ...resource('/models', contract.models),
  ...resource('/virtual-models', contract.virtualModels),
  ...resource('/virtual-keys', contract.virtualKeys),
  { method: 'post', path: '/virtual-keys/:id/rotate', operation: contract.virtualKeys.rotate },
  { method: 'get', path: '/settings', operation: contract.settings.get },
  { method: 'patch', path: '/settings', operation: contract.settings.update },
  { method: 'get', path: '/auth/status', operation: contract.auth.status },
  { method: 'post', path: '/auth/setup', operation: contract.auth.setup, status: 201 },
  { method: 'post', path: '/auth/login', operation: contract.auth.login },
  { method: 'get', path: '/auth/me', operation: contract.auth.me },
  { method: 'post', path: '/auth/logout', operation: contract.auth.logout, status: 204 },
  { method: 'post', path: '/auth/password', operation: contract.auth.changePassword },
  { method: 'get', path: '/api-tokens', operation: contract.apiTokens.list },
  { method: 'post', path: '/api-tokens', operation: contract.apiTokens.create, status: 201 },
  { method: 'delete', path: '/api-tokens/:id', operation: contract.apiTokens.revoke, status: 204 },
  ...resource('/health-targets', contract.healthTargets),
  { method: 'post', path: '/health-targets/:id/run', operation: contract.healthTargets.run },
  { method: 'get', path: '/monitoring', operation: contract.monitoring.status },
  { method: 'get', path: '/system', operation: contract.system.status },
  { method: 'post', path: '/backups/config/export', operation: contract.backups.exportConfig },
  { method: 'post', path: '/backups/config/import', operation: contract.backups.importConfig },
  { method: 'post', path: '/backups/database', operation: contract.backups.database, status: 201 },
  { method: 'get', path: '/routing/state', operation: contract.routing.state },
  { method: 'post', path: '/routing/targets/:modelId/reset', operation: contract.routing.reset },
  { method: 'post', path: '/virtual-models/:id/preview', operation: contract.prompts.preview },
  { method: 'get', path: '/catalog', operation: contract.catalog.status },
  { method: 'post', path: '/catalog/refresh', operation: contract.catalog.refresh },
  { method: 'get', path: '/catalog/models', operation: contract.catalog.search },
  { method: 'get', path: '/provider-presets', operation: contract.presets.list },
  { method: 'get', path: '/provider-presets/:id', operation: contract.presets.get },
  { method: 'post', path: '/providers/:id/import-models', operation: contract.providers.importModels },
  { method: 'post', path: '/providers/:id/test', operation: contract.providers.testConnection },
  {
    method: 'post',
    path: '/providers/:id/catalog-models',
    operation: contract.providers.addCatalogModels,
    status: 201,
  },
  { method: 'post', path: '/models/:id/apply-catalog', operation: contract.models.applyCatalog },
  { method: 'get', path: '/usage', operation: contract.usage.summary },
  { method: 'get', path: '/usage/budgets', operation: contract.usage.budgets },
  { method: 'get', path: '/request-logs', operation: contract.logs.search },
  streamed({
    method: 'get',
    path: '/request-logs/export',
    operation: contract.logs.export,
    streamResponse: ({ format }) => ({
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      filename: `request-logs.${format}`,
    }),
  }),
  { method: 'get', path: '/request-logs/:id', operation: contract.logs.get },
  { method: 'post', path: '/request-logs/prune', operation: contract.logs.prune },
];

/** A streaming route whose labelling reads the operation's own parsed input, typed. */
function streamed<Op extends Operation & { stream: true }>(
  route: Omit<HttpRoute, 'operation' | 'streamResponse'> & {
    operation: Op;
    streamResponse: (input: ParsedInput<Op>) => StreamResponse;
  },
): HttpRoute {
  return route as unknown as HttpRoute;
}

/** The five routes of a resource (admin-api.md). */
function resource(
  collection: string,
  operations: { list: Operation; get: Operation; create: Operation; update: Operation; remove: Operation },
): HttpRoute[] {
  const item = `${collection}/:id`;
  return [
    { method: 'get', path: collection, operation: operations.list },
    { method: 'post', path: collection, operation: operations.create, status: 201 },
    { method: 'get', path: item, operation: operations.get },
    { method: 'patch', path: item, operation: operations.update },
    { method: 'delete', path: item, operation: operations.remove, status: 204 },
  ];
}
