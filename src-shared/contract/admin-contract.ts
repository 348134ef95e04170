import { defineContract } from './define-operation.ts';
import { logs } from './logs.ts';
import { models } from './models.ts';
import { providers } from './providers.ts';
import { settings } from './settings.ts';
import { usage } from './usage.ts';
import { virtualKeys } from './virtual-keys.ts';
import { virtualModels } from './virtual-models.ts';

/**
 * The admin contract: every management operation, one module per domain. The gateway implements
 * it once (src-gateway/admin); HTTP (`/api`) and IPC (the desktop window) are bindings over it;
 * the renderer's typed clients are built from it.
 */
export const adminContract = defineContract({
  providers,
  models,
  virtualModels,
  virtualKeys,
  settings,
  usage,
  logs,
});
export type AdminContract = typeof adminContract;
