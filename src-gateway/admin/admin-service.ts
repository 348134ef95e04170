import type { Model, CreateModelRequest, UpdateModelRequest } from '../../src-shared/schemas/model.ts';
import type {
  CreateProviderRequest,
  Provider,
  UpdateProviderRequest,
} from '../../src-shared/schemas/provider.ts';
import type { Settings, SettingsPatch } from '../../src-shared/schemas/settings.ts';
import type {
  CreateVirtualKeyRequest,
  UpdateVirtualKeyRequest,
  VirtualKey,
  VirtualKeyWithSecret,
} from '../../src-shared/schemas/virtual-key.ts';
import type {
  CreateVirtualModelRequest,
  UpdateVirtualModelRequest,
  VirtualModel,
} from '../../src-shared/schemas/virtual-model.ts';

/**
 * The configuration service behind the admin contract's providers, models, virtualModels,
 * virtualKeys and settings operations (create-admin-implementation.ts maps them onto it).
 * Transport-free and gateway-internal: clients see the contract (src-shared/contract), not this.
 * Every argument is validated here too, so the gateway's own callers (import, catalog add) get
 * the same checks. Failures reject with an AdminError: 400 invalid input or reference, 404
 * unknown id, 409 name taken or still referenced.
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
