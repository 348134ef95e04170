import type { AdminService } from './admin-service.ts';
import type { CreateModelRequest, Model } from '../../src-shared/schemas/model.ts';
import type { Clock } from '../lib/clock.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { AdminContext } from './admin-context.ts';
import { createModelOperations } from './model-operations.ts';
import { createProviderOperations } from './provider-operations.ts';
import { createSettingsOperations } from './settings-operations.ts';
import { createVirtualKeyOperations } from './virtual-key-operations.ts';
import { createVirtualModelOperations } from './virtual-model-operations.ts';

export interface AdminServiceOptions {
  repositories: Repositories;
  secretStore: SecretStore;
  clock: Clock;
  /** Called after every committed write (the gateway rebuilds its config snapshot). */
  onConfigChanged: () => Promise<void>;
}

/** The admin contract plus the bulk writes the gateway's own features use (import, catalog add). */
export interface GatewayAdminService extends AdminService {
  /**
   * Create many models at once, all or none: each checked as `createModel`
   * checks it, then one transaction and one snapshot rebuild. Creating 10,000
   * one by one cost 10,000 commits and 10,000 rebuilds.
   */
  createModels(inputs: readonly CreateModelRequest[]): Promise<Model[]>;
}

/**
 * The one implementation of the admin contract. Transport-free: the HTTP
 * router and the desktop IPC handlers both call it. Every argument is validated
 * here; failures are AdminError.
 */
export function createAdminService(options: AdminServiceOptions): GatewayAdminService {
  const context: AdminContext = {
    repositories: options.repositories,
    secretStore: options.secretStore,
    now: () => new Date(options.clock.now()).toISOString(),
    changed: options.onConfigChanged,
  };
  return {
    ...createProviderOperations(context),
    ...createModelOperations(context),
    ...createVirtualModelOperations(context),
    ...createVirtualKeyOperations(context),
    ...createSettingsOperations(context),
  };
}
