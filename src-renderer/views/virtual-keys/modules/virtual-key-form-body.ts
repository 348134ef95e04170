import type {
  CreateVirtualKeyInput,
  UpdateVirtualKeyInput,
  VirtualKey,
} from '../../../../src-shared/schemas/virtual-key.ts';

/** The key form as its inputs hold it: null where nothing is set (no limit, no expiry). */
export interface VirtualKeyFormValues {
  name: string;
  enabled: boolean;
  allowedModels: string[];
  rpm: number | null;
  tpm: number | null;
  maxConcurrency: number | null;
  budgetUsd: number | null;
  budgetPeriod: 'day' | 'month' | 'total';
  /** Epoch ms, as the date picker gives it. */
  expiresAt: number | null;
  allowedIps: string[];
  logBodies: boolean;
}

/** The inputs for a key being edited, or a new key's (no limits, all models). */
export function virtualKeyFormValuesOf(key?: VirtualKey): VirtualKeyFormValues {
  return {
    name: key?.name ?? '',
    enabled: key?.enabled ?? true,
    allowedModels: [...(key?.allowedModels ?? [])],
    rpm: key?.rpm ?? null,
    tpm: key?.tpm ?? null,
    maxConcurrency: key?.maxConcurrency ?? null,
    budgetUsd: key?.budgetUsd ?? null,
    budgetPeriod: key?.budgetPeriod ?? 'month',
    expiresAt: key?.expiresAt ? Date.parse(key.expiresAt) : null,
    allowedIps: [...(key?.allowedIps ?? [])],
    logBodies: key?.logBodies ?? false,
  };
}

/**
 * The request body. What is not set is left out of a create and cleared (`null`) in an edit, so
 * emptying a limit really removes it; a budget's period goes only with a budget.
 */
export function virtualKeyBody(values: VirtualKeyFormValues, mode: 'create'): CreateVirtualKeyInput;
export function virtualKeyBody(values: VirtualKeyFormValues, mode: 'edit'): UpdateVirtualKeyInput;
export function virtualKeyBody(
  values: VirtualKeyFormValues,
  mode: 'create' | 'edit',
): CreateVirtualKeyInput | UpdateVirtualKeyInput {
  const cleared = mode === 'edit' ? null : undefined;
  const orCleared = <T>(value: T | null) => (value === null ? cleared : value);
  const ips = values.allowedIps.map((ip) => ip.trim()).filter((ip) => ip !== '');
  return {
    name: values.name,
    enabled: values.enabled,
    allowedModels: values.allowedModels,
    rpm: orCleared(values.rpm),
    tpm: orCleared(values.tpm),
    maxConcurrency: orCleared(values.maxConcurrency),
    budgetUsd: orCleared(values.budgetUsd),
    budgetPeriod: values.budgetUsd === null ? cleared : values.budgetPeriod,
    expiresAt: values.expiresAt === null ? cleared : new Date(values.expiresAt).toISOString(),
    allowedIps: ips.length > 0 ? ips : cleared,
    logBodies: values.logBodies,
  } as CreateVirtualKeyInput | UpdateVirtualKeyInput;
}
