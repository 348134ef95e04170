import { apiTokens } from './api-tokens.ts';
import { auth } from './auth.ts';
import { backups } from './backups.ts';
import { catalog } from './catalog.ts';
import { defineContract } from './define-operation.ts';
import { healthTargets } from './health-targets.ts';
import { logs } from './logs.ts';
import { models } from './models.ts';
import { monitoring } from './monitoring.ts';
import { prompts } from './prompts.ts';
import { presets } from './presets.ts';
import { providers } from './providers.ts';
import { routing } from './routing.ts';
import { settings } from './settings.ts';
import { system } from './system.ts';
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
  auth,
  apiTokens,
  healthTargets,
  monitoring,
  routing,
  prompts,
  catalog,
  presets,
  usage,
  logs,
  system,
  backups,
});
export type AdminContract = typeof adminContract;
