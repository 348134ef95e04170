import type { SecretStore } from '../secrets/secret-store.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import { UniqueViolationError } from '../storage/repositories/table-mapper.ts';
import { conflict, notFound } from '../lib/admin-error.ts';

/** What every group of admin operations needs. */
export interface AdminContext {
  repositories: Repositories;
  secretStore: SecretStore;
  /** The current time as an ISO-8601 UTC string. */
  now(): string;
  /** Tell the gateway its configuration changed (after the write is committed). */
  changed(): Promise<void>;
}

/**
 * Apply a PATCH: absent fields stay, `null` clears an optional field, anything
 * else replaces. Nested objects are replaced whole (settings are the one deep merge).
 */
export function applyPatch<T extends object>(
  record: T,
  patch: Record<string, unknown>,
  skip: string[] = [],
): T {
  const result = { ...record } as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (skip.includes(field) || value === undefined) continue;
    if (value === null) delete result[field];
    else result[field] = value;
  }
  return result as T;
}

/** The record with `id`, or a 404 naming its kind (`No virtual model with id "…"`). */
export async function getOrNotFound<T>(
  repository: { get(id: string): Promise<T | undefined> },
  kind: string,
  id: string,
): Promise<T> {
  const record = await repository.get(id);
  if (!record) throw notFound(kind, id);
  return record;
}

/** 409 when another record of this kind already has `name` (an update may keep its own). */
export async function assertNameFree(
  repository: { findByName(name: string): Promise<{ id: string } | undefined> },
  kind: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const existing = await repository.findByName(name);
  if (existing && existing.id !== exceptId) throw conflict(`A ${kind} named "${name}" already exists`);
}

/** The records that block a delete, for its message: `virtual models "a", "b"`. */
export function describeUsers(noun: string, users: ReadonlyArray<{ name: string }>): string {
  const names = users.map((user) => `"${user.name}"`).join(', ');
  return `${noun}${users.length > 1 ? 's' : ''} ${names}`;
}

/** Model and virtual model names share one namespace: clients put either in `model`. */
export async function assertModelNameFree(
  context: AdminContext,
  name: string,
  exceptId?: string,
): Promise<void> {
  const model = await context.repositories.models.findByName(name);
  if (model && model.id !== exceptId)
    throw conflict(`The name "${name}" is already used by model ${model.id}`);
  const virtualModel = await context.repositories.virtualModels.findByName(name);
  if (virtualModel && virtualModel.id !== exceptId) {
    throw conflict(`The name "${name}" is already used by virtual model ${virtualModel.id}`);
  }
}

/** 409 naming the health targets that check this model or virtual model. */
export async function assertNoHealthTargets(
  context: AdminContext,
  type: 'model' | 'virtual-model',
  id: string,
  label: string,
): Promise<void> {
  const users = await context.repositories.health.targets.listReferencing(type, id);
  if (users.length === 0) return;
  throw conflict(
    `${label} is checked by ${describeUsers('health target', users)}; delete or retarget them first`,
  );
}

/** A UNIQUE violation that slipped past the checks (two writes racing) is still a 409. */
export async function withUniqueConflict<T>(kind: string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueViolationError) throw conflict(`A ${kind} named "${name}" already exists`);
    throw error;
  }
}
