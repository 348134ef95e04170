import { randomBytes } from 'node:crypto';
import { randomId } from '../lib/ids.ts';
import { hashKey } from '../virtual-keys/hash-key.ts';
import type { ConfigSnapshot } from '../config-snapshot/snapshot.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import {
  virtualKeyRecordSchema,
  type VirtualKeyRecord,
} from '../storage/repositories/virtual-key-repository.ts';

export const monitoringKeyName = 'monitoring';

/**
 * Create the monitoring virtual key unless one exists (once, ever: it
 * survives restarts and monitoring being turned off and on). Its stored hash
 * is of a random secret nobody keeps: checks authenticate with an in-memory
 * token instead (see `withMonitoringToken`). All models, bodies not logged.
 */
export async function ensureMonitoringKey(
  repositories: Repositories,
  now: string,
): Promise<VirtualKeyRecord> {
  const keys = await repositories.virtualKeys.list();
  const existing = keys.find((key) => key.isMonitoring);
  if (existing) return existing;
  const names = new Set(keys.map((key) => key.name));
  let name = monitoringKeyName;
  for (let suffix = 2; names.has(name); suffix++) name = `${monitoringKeyName}-${suffix}`;
  const record = virtualKeyRecordSchema.parse({
    id: randomId('vk_', 16),
    name,
    enabled: true,
    allowedModels: [],
    logBodies: false,
    keyHash: hashKey(`sk-${randomBytes(32).toString('base64url')}`),
    keyHint: 'none',
    isMonitoring: true,
    createdAt: now,
    updatedAt: now,
  });
  await repositories.virtualKeys.insert(record);
  return record;
}

/** A fresh random token that lives only in this process's memory. */
export function createMonitoringToken(): string {
  return `sk-monitor-${randomBytes(32).toString('base64url')}`;
}

/**
 * The snapshot plus `hash(token) -> the monitoring key`, so checks enter the
 * pipeline under the monitoring key's identity while only hashes exist anywhere.
 * Unchanged when there is no monitoring key.
 */
export function withMonitoringToken(snapshot: ConfigSnapshot, token: string): ConfigSnapshot {
  const monitoringKey = [...snapshot.keysByHash.values()].find((key) => key.isMonitoring);
  if (!monitoringKey) return snapshot;
  const keysByHash = new Map(snapshot.keysByHash);
  keysByHash.set(hashKey(token), monitoringKey);
  return { ...snapshot, keysByHash };
}
