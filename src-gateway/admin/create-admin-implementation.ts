import type { AdminService } from '../../src-shared/admin-contract.ts';
import type { AdminContract, ContractImplementation } from '../../src-shared/contract/index.ts';
import type { MonitoringStatus } from '../../src-shared/schemas/monitoring-status.ts';
import type { HealthTargetService } from '../health/health-target-service.ts';
import type { PromptPreviewService } from '../prompts/prompt-preview-service.ts';
import type { RoutingStateService } from '../routing/routing-state-service.ts';

/** The services behind the contract's domains. */
export interface AdminImplementationOptions {
  /** Configuration CRUD: providers, models, virtual models, virtual keys, settings. */
  config: AdminService;
  /** Health target CRUD and run-now. */
  healthTargets: HealthTargetService;
  /** Persistent monitoring as it runs (the monitoring feature). */
  monitoring: { status(): MonitoringStatus };
  /** The router's breaker states and manual reset. */
  routing: RoutingStateService;
  /** Prompt rule preview on a sample request. */
  prompts: PromptPreviewService;
}

/**
 * The contract's implementation: each domain's operations, each a thin call into the service
 * that holds its logic. Transport-free; the bindings validate the input before calling.
 */
export function createAdminImplementation(
  options: AdminImplementationOptions,
): ContractImplementation<AdminContract> {
  const { config, healthTargets, monitoring, routing, prompts } = options;
  return {
    providers: {
      list: async () => ({ data: await config.listProviders() }),
      get: ({ id }) => config.getProvider(id),
      create: ({ body }) => config.createProvider(body),
      update: ({ id, body }) => config.updateProvider(id, body),
      remove: ({ id }) => config.deleteProvider(id),
    },
    models: {
      list: async () => ({ data: await config.listModels() }),
      get: ({ id }) => config.getModel(id),
      create: ({ body }) => config.createModel(body),
      update: ({ id, body }) => config.updateModel(id, body),
      remove: ({ id }) => config.deleteModel(id),
    },
    virtualModels: {
      list: async () => ({ data: await config.listVirtualModels() }),
      get: ({ id }) => config.getVirtualModel(id),
      create: ({ body }) => config.createVirtualModel(body),
      update: ({ id, body }) => config.updateVirtualModel(id, body),
      remove: ({ id }) => config.deleteVirtualModel(id),
    },
    virtualKeys: {
      list: async () => ({ data: await config.listVirtualKeys() }),
      get: ({ id }) => config.getVirtualKey(id),
      create: ({ body }) => config.createVirtualKey(body),
      update: ({ id, body }) => config.updateVirtualKey(id, body),
      remove: ({ id }) => config.deleteVirtualKey(id),
      rotate: ({ id }) => config.rotateVirtualKey(id),
    },
    settings: {
      get: () => config.getSettings(),
      update: ({ body }) => config.updateSettings(body),
    },
    healthTargets: {
      list: async () => ({ data: await healthTargets.listHealthTargets() }),
      get: ({ id }) => healthTargets.getHealthTarget(id),
      create: ({ body }) => healthTargets.createHealthTarget(body),
      update: ({ id, body }) => healthTargets.updateHealthTarget(id, body),
      remove: ({ id }) => healthTargets.deleteHealthTarget(id),
      run: ({ id }) => healthTargets.runHealthTarget(id),
    },
    monitoring: {
      status: async () => monitoring.status(),
    },
    routing: {
      state: async () => ({ data: routing.state() }),
      reset: async ({ modelId }) => routing.reset(modelId),
    },
    prompts: {
      preview: async ({ id, body }) => prompts.preview(id, body),
    },
  };
}
