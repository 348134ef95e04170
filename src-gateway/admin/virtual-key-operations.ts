import type { AdminService } from './admin-service.ts';
import {
  createVirtualKeyInput,
  updateVirtualKeyInput,
  virtualKeySchema,
  type VirtualKey,
} from '../../src-shared/schemas/virtual-key.ts';
import { randomId } from '../lib/ids.ts';
import {
  virtualKeyRecordSchema,
  type VirtualKeyRecord,
} from '../storage/repositories/virtual-key-repository.ts';
import {
  applyPatch,
  assertNameFree,
  getOrNotFound,
  withUniqueConflict,
  type AdminContext,
} from './admin-context.ts';
import { conflict, parseInput } from '../lib/admin-error.ts';
import { generateVirtualKey } from '../virtual-keys/generate-virtual-key.ts';

type VirtualKeyOperations = Pick<
  AdminService,
  | 'listVirtualKeys'
  | 'getVirtualKey'
  | 'createVirtualKey'
  | 'updateVirtualKey'
  | 'deleteVirtualKey'
  | 'rotateVirtualKey'
>;

/** Whitelist the public fields: the hash never leaves. */
function toPublic(record: VirtualKeyRecord): VirtualKey {
  return virtualKeySchema.parse(record);
}

/** Timestamps are answered in UTC whatever offset the client sent. */
function normalizeExpiry<T extends { expiresAt?: string | null }>(input: T): T {
  return typeof input.expiresAt === 'string'
    ? { ...input, expiresAt: new Date(input.expiresAt).toISOString() }
    : input;
}

export function createVirtualKeyOperations(context: AdminContext): VirtualKeyOperations {
  const { repositories } = context;

  const load = (id: string): Promise<VirtualKeyRecord> =>
    getOrNotFound(repositories.virtualKeys, 'virtual key', id);

  return {
    async listVirtualKeys() {
      return (await repositories.virtualKeys.list()).map(toPublic);
    },
    async getVirtualKey(id) {
      return toPublic(await load(id));
    },
    async createVirtualKey(raw) {
      const input = normalizeExpiry(parseInput(createVirtualKeyInput, raw));
      await assertNameFree(repositories.virtualKeys, 'virtual key', input.name);
      const secret = generateVirtualKey();
      const now = context.now();
      const record = virtualKeyRecordSchema.parse({
        ...input,
        id: randomId('vk_', 16),
        keyHash: secret.hash,
        keyHint: secret.hint,
        isMonitoring: false,
        createdAt: now,
        updatedAt: now,
      });
      await withUniqueConflict('virtual key', record.name, () => repositories.virtualKeys.insert(record));
      await context.changed();
      return { ...toPublic(record), key: secret.key };
    },
    async updateVirtualKey(id, raw) {
      const patch = normalizeExpiry(parseInput(updateVirtualKeyInput, raw));
      const existing = await load(id);
      if (patch.name !== undefined)
        await assertNameFree(repositories.virtualKeys, 'virtual key', patch.name, id);
      const record = virtualKeyRecordSchema.parse({
        ...applyPatch(existing, patch),
        updatedAt: context.now(),
      });
      await withUniqueConflict('virtual key', record.name, () => repositories.virtualKeys.update(record));
      await context.changed();
      return toPublic(record);
    },
    async deleteVirtualKey(id) {
      const existing = await load(id);
      if (existing.isMonitoring && (await repositories.settings.get())?.monitoring.enabled) {
        throw conflict(
          `Virtual key "${existing.name}" is the monitoring key; turn off monitoring before deleting it`,
        );
      }
      await repositories.virtualKeys.delete(id);
      await context.changed();
    },
    async rotateVirtualKey(id) {
      const existing = await load(id);
      const secret = generateVirtualKey();
      const record = virtualKeyRecordSchema.parse({
        ...existing,
        keyHash: secret.hash,
        keyHint: secret.hint,
        updatedAt: context.now(),
      });
      await repositories.virtualKeys.update(record);
      await context.changed();
      return { ...toPublic(record), key: secret.key };
    },
  };
}
