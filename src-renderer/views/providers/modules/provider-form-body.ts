import type { Provider, UpdateProviderInput } from '../../../../src-shared/schemas/provider.ts';

/** The advanced section as its inputs hold it (null or '': not set, the gateway's default applies). */
export interface AdvancedValues {
  connectMs: number | null;
  firstByteMs: number | null;
  idleMs: number | null;
  totalMs: number | null;
  proxyUrl: string;
  relayIsolation: boolean;
  requiredInstructions: string;
}

/** The inputs for a provider being edited, or empty ones for a new provider. */
export function advancedValuesOf(provider?: Provider): AdvancedValues {
  return {
    connectMs: provider?.timeouts?.connectMs ?? null,
    firstByteMs: provider?.timeouts?.firstByteMs ?? null,
    idleMs: provider?.timeouts?.idleMs ?? null,
    totalMs: provider?.timeouts?.totalMs ?? null,
    proxyUrl: provider?.proxyUrl ?? '',
    relayIsolation: provider?.relayIsolation?.enabled ?? false,
    requiredInstructions: provider?.relayIsolation?.requiredInstructions ?? '',
  };
}

/**
 * The body's fields for the advanced inputs. What is not set is left out of a create and cleared
 * (`null`) in an edit, so emptying an input really removes the value.
 */
export function advancedBody(
  values: AdvancedValues,
  mode: 'create' | 'edit',
): Pick<UpdateProviderInput, 'timeouts' | 'proxyUrl' | 'relayIsolation'> {
  const cleared = mode === 'edit' ? null : undefined;
  const timeouts = Object.fromEntries(
    (['connectMs', 'firstByteMs', 'idleMs', 'totalMs'] as const)
      .filter((field) => values[field] !== null)
      .map((field) => [field, values[field]]),
  );
  const proxyUrl = values.proxyUrl.trim();
  const instructions = values.requiredInstructions.trim();
  return {
    timeouts: Object.keys(timeouts).length > 0 ? timeouts : cleared,
    proxyUrl: proxyUrl === '' ? cleared : proxyUrl,
    relayIsolation: values.relayIsolation
      ? { enabled: true, ...(instructions ? { requiredInstructions: instructions } : {}) }
      : mode === 'edit'
        ? { enabled: false }
        : undefined,
  };
}

/** The keys typed, without empty rows. */
export function typedKeys(keys: readonly string[]): string[] {
  return keys.map((key) => key.trim()).filter((key) => key !== '');
}
