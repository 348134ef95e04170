import type { AdminContract } from './admin-contract.ts';

/**
 * Every admin operation's name, by domain, and nothing else: what the desktop preload needs to
 * bind one method per operation without bundling zod and the contract's schemas (the preload is
 * loaded by every window). The contract (admin-contract.ts) stays the one truth: the type below
 * fails to compile when this list and the contract differ, in either direction.
 */
export const adminOperationNames = {
  providers: [
    'list',
    'get',
    'create',
    'update',
    'remove',
    'importModels',
    'testConnection',
    'addCatalogModels',
  ],
  models: ['list', 'get', 'create', 'update', 'remove', 'applyCatalog'],
  virtualModels: ['list', 'get', 'create', 'update', 'remove'],
  virtualKeys: ['list', 'get', 'create', 'update', 'remove', 'rotate'],
  settings: ['get', 'update'],
  auth: ['status', 'setup', 'login', 'me', 'logout', 'changePassword'],
  apiTokens: ['list', 'create', 'revoke'],
  healthTargets: ['list', 'get', 'create', 'update', 'remove', 'run'],
  monitoring: ['status'],
  routing: ['state', 'reset'],
  prompts: ['preview'],
  catalog: ['status', 'refresh', 'search'],
  presets: ['list', 'get'],
  usage: ['summary', 'budgets'],
  logs: ['search', 'get', 'export', 'prune'],
  system: ['status'],
  backups: ['exportConfig', 'importConfig', 'database'],
} as const;

type Listed = { [Domain in keyof typeof adminOperationNames]: (typeof adminOperationNames)[Domain][number] };
type Declared = { [Domain in keyof AdminContract]: keyof AdminContract[Domain] };
type Same<Left, Right> = [Left] extends [Right] ? ([Right] extends [Left] ? true : false) : false;
type MustBeTrue<Value extends true> = Value;
/** Compiles only while the names above are exactly the contract's (same domains, same operations). */
export type AdminOperationNamesMatchContract = MustBeTrue<Same<Listed, Declared>>;
