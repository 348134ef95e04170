import type { z } from 'zod';
import type { createModelInput, Model, updateModelInput } from './schemas/model.ts';
import type { createProviderRequest, Provider, updateProviderInput } from './schemas/provider.ts';
import type { Settings } from './schemas/settings.ts';
import type {
  createVirtualKeyInput,
  updateVirtualKeyInput,
  VirtualKey,
  VirtualKeyWithSecret,
} from './schemas/virtual-key.ts';
import type {
  createVirtualModelInput,
  updateVirtualModelInput,
  VirtualModel,
} from './schemas/virtual-model.ts';

/**
 * Request types are the schemas' *input* side: defaults may be left out. The
 * service validates every argument itself, so each transport (HTTP, IPC) gets
 * the same checks and the same errors.
 */
export type CreateProviderRequest = z.input<typeof createProviderRequest>;
export type UpdateProviderRequest = z.input<typeof updateProviderInput>;
export type CreateModelRequest = z.input<typeof createModelInput>;
export type UpdateModelRequest = z.input<typeof updateModelInput>;
export type CreateVirtualModelRequest = z.input<typeof createVirtualModelInput>;
export type UpdateVirtualModelRequest = z.input<typeof updateVirtualModelInput>;
export type CreateVirtualKeyRequest = z.input<typeof createVirtualKeyInput>;
export type UpdateVirtualKeyRequest = z.input<typeof updateVirtualKeyInput>;
/** Any nested subset of Settings; deep-merged, then validated whole. `null` removes a field (back to its default). */
export type SettingsPatch = Record<string, unknown>;

/**
 * The admin contract: one method per operation. Implemented once
 * (src-gateway/admin); served over HTTP at `/api/*` and over IPC in the desktop app.
 * Failures reject with an error carrying `{ status, code, message }`:
 * 400 invalid input or reference, 404 unknown id, 409 name taken or still referenced.
 */
export interface AdminService {
  listProviders(): Promise<Provider[]>;
  getProvider(id: string): Promise<Provider>;
  createProvider(input: CreateProviderRequest): Promise<Provider>;
  updateProvider(id: string, input: UpdateProviderRequest): Promise<Provider>;
  deleteProvider(id: string): Promise<void>;

  listModels(): Promise<Model[]>;
  getModel(id: string): Promise<Model>;
  createModel(input: CreateModelRequest): Promise<Model>;
  updateModel(id: string, input: UpdateModelRequest): Promise<Model>;
  deleteModel(id: string): Promise<void>;

  listVirtualModels(): Promise<VirtualModel[]>;
  getVirtualModel(id: string): Promise<VirtualModel>;
  createVirtualModel(input: CreateVirtualModelRequest): Promise<VirtualModel>;
  updateVirtualModel(id: string, input: UpdateVirtualModelRequest): Promise<VirtualModel>;
  deleteVirtualModel(id: string): Promise<void>;

  listVirtualKeys(): Promise<VirtualKey[]>;
  getVirtualKey(id: string): Promise<VirtualKey>;
  /** Answers the plaintext key once; it is stored only as a hash. */
  createVirtualKey(input: CreateVirtualKeyRequest): Promise<VirtualKeyWithSecret>;
  updateVirtualKey(id: string, input: UpdateVirtualKeyRequest): Promise<VirtualKey>;
  deleteVirtualKey(id: string): Promise<void>;
  /** A new secret for the same key id and settings; the old secret stops working. */
  rotateVirtualKey(id: string): Promise<VirtualKeyWithSecret>;

  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
}
