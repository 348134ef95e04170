import type BetterSqlite3 from 'better-sqlite3';
import { createSqliteAdminRepository, type AdminRepository } from './repositories/admin-repository.ts';
import {
  createSqliteApiTokenRepository,
  type ApiTokenRepository,
} from './repositories/api-token-repository.ts';
import {
  createSqliteConfigBackupRepository,
  type ConfigBackupRepository,
} from './repositories/config-backup-repository.ts';
import { createSqliteCatalogRepository, type CatalogRepository } from './repositories/catalog-repository.ts';
import { createSqliteHealthRepository, type HealthRepository } from './repositories/health-repository.ts';
import { createSqliteModelRepository, type ModelRepository } from './repositories/model-repository.ts';
import {
  createSqliteProviderRepository,
  type ProviderRepository,
} from './repositories/provider-repository.ts';
import {
  createSqliteRequestLogRepository,
  type RequestLogRepository,
} from './repositories/request-log-repository.ts';
import {
  createSqliteSettingsRepository,
  type SettingsRepository,
} from './repositories/settings-repository.ts';
import { createSqliteUsageRepository, type UsageRepository } from './repositories/usage-repository.ts';
import {
  createSqliteVirtualKeyRepository,
  type VirtualKeyRepository,
} from './repositories/virtual-key-repository.ts';
import {
  createSqliteVirtualModelRepository,
  type VirtualModelRepository,
} from './repositories/virtual-model-repository.ts';

/**
 * Every repository the gateway uses. Callers depend on these interfaces only,
 * so another backend (PostgreSQL for a multi-instance deployment) is an addition.
 */
export interface Repositories {
  admins: AdminRepository;
  apiTokens: ApiTokenRepository;
  providers: ProviderRepository;
  models: ModelRepository;
  virtualModels: VirtualModelRepository;
  virtualKeys: VirtualKeyRepository;
  settings: SettingsRepository;
  requestLogs: RequestLogRepository;
  /** Usage rollups, request-log search and retention. */
  usage: UsageRepository;
  /** Health targets and their check runs (persistent monitoring). */
  health: HealthRepository;
  /** The cached model catalog (LiteLLM price list). */
  catalog: CatalogRepository;
  /** The configuration read and replaced whole, in one transaction (configuration backups). */
  configBackup: ConfigBackupRepository;
}

/** SQLite-backed repositories over an open database (see openDatabase). */
export function createRepositories(db: BetterSqlite3.Database): Repositories {
  return {
    admins: createSqliteAdminRepository(db),
    apiTokens: createSqliteApiTokenRepository(db),
    providers: createSqliteProviderRepository(db),
    models: createSqliteModelRepository(db),
    virtualModels: createSqliteVirtualModelRepository(db),
    virtualKeys: createSqliteVirtualKeyRepository(db),
    settings: createSqliteSettingsRepository(db),
    requestLogs: createSqliteRequestLogRepository(db),
    usage: createSqliteUsageRepository(db),
    health: createSqliteHealthRepository(db),
    catalog: createSqliteCatalogRepository(db),
    configBackup: createSqliteConfigBackupRepository(db),
  };
}
