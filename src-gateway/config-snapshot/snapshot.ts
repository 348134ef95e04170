import type { Dispatcher } from 'undici';
import type { ProviderProtocol, Timeouts } from '../../src-shared/schemas/provider.ts';
import type { PromptRule, RoutingStrategy } from '../../src-shared/schemas/virtual-model.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import type { ProviderQuirks } from '../protocols/types.ts';

/**
 * The in-memory configuration the hot path reads. Built from the database and
 * the secret store, replaced whole (atomically) after every admin write; never
 * mutated in place, never re-read per request.
 */
export interface ProviderRuntime {
  id: string;
  name: string;
  protocol: ProviderProtocol;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  enabled: boolean;
  preset?: string;
  /** Decrypted keys, used in turn; empty for keyless local servers. */
  apiKeys: string[];
  headers: Record<string, string>;
  /** OpenAI protocol: the upstream serves `/responses`. */
  responsesApi: boolean;
  quirks: ProviderQuirks;
  /** Provider timeouts merged over the global defaults. */
  timeouts: Required<Timeouts>;
  proxyUrl?: string;
  relayIsolation?: { enabled: boolean; requiredInstructions?: string };
}

export interface ModelRuntime {
  id: string;
  name: string;
  upstreamModel: string;
  enabled: boolean;
  provider: ProviderRuntime;
  inputCostPerToken?: number;
  outputCostPerToken?: number;
  cacheReadCostPerToken?: number;
  cacheWriteCostPerToken?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}

export interface VirtualModelRuntime {
  id: string;
  name: string;
  enabled: boolean;
  strategy: RoutingStrategy;
  targets: Array<{ model: ModelRuntime; weight: number; priority: number }>;
  promptRules: PromptRule[];
  paramOverrides?: {
    defaults?: Record<string, unknown>;
    caps?: Record<string, number>;
    force?: Record<string, unknown>;
    remove?: string[];
  };
  maxAttempts?: number;
}

export interface KeyRuntime {
  id: string;
  name: string;
  /** Hex SHA-256 of the full key. */
  hash: string;
  enabled: boolean;
  /** Null means every model. */
  allowedModels: ReadonlySet<string> | null;
  rpm?: number;
  tpm?: number;
  maxConcurrency?: number;
  budgetUsd?: number;
  budgetPeriod?: 'day' | 'month' | 'total';
  /** Epoch ms. */
  expiresAt?: number;
  allowedIps?: string[];
  logBodies: boolean;
  defaultModel?: string;
  isMonitoring: boolean;
}

export interface ConfigSnapshot {
  /** Increases with every rebuild; handy in logs and tests. */
  version: number;
  providers: ReadonlyMap<string, ProviderRuntime>;
  modelsById: ReadonlyMap<string, ModelRuntime>;
  modelsByName: ReadonlyMap<string, ModelRuntime>;
  virtualModelsByName: ReadonlyMap<string, VirtualModelRuntime>;
  keysByHash: ReadonlyMap<string, KeyRuntime>;
  settings: Settings;
}

/** Pooled upstream connections per provider; rebuilt only when a provider's egress changes. */
export interface DispatcherPool {
  /** The provider's dispatcher; only the first call per egress waits (undici is imported then). */
  get(provider: ProviderRuntime): Promise<Dispatcher>;
  /** Start importing undici now, ahead of the first call (the gateway does once it listens). */
  preload(): void;
  close(): Promise<void>;
}
