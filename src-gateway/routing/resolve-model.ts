import { GatewayError } from '../lib/errors.ts';
import type { ConfigSnapshot, KeyRuntime, ModelRuntime, VirtualModelRuntime } from '../runtime/snapshot.ts';

export interface ModelResolution {
  /** The name the client asked for. */
  requestedName: string;
  virtualModel?: VirtualModelRuntime;
  /** Enabled concrete models, in the order the strategy prefers them. */
  candidates: ModelRuntime[];
}

/**
 * Resolve a requested model name against the snapshot: a concrete model, or a
 * virtual model whose targets become the candidate list. Access is checked
 * against the key's allow-list by the name the client used.
 */
export function resolveModel(
  snapshot: ConfigSnapshot,
  key: KeyRuntime,
  requestedName: string,
): ModelResolution {
  if (key.allowedModels && !key.allowedModels.has(requestedName)) {
    throw new GatewayError({
      status: 403,
      kind: 'permission',
      code: 'model_not_allowed',
      message: `This API key may not use model "${requestedName}".`,
    });
  }
  const virtualModel = snapshot.virtualModelsByName.get(requestedName);
  if (virtualModel && virtualModel.enabled) {
    const candidates = [...virtualModel.targets]
      .filter((target) => target.model.enabled && target.model.provider.enabled)
      .sort((left, right) => left.priority - right.priority)
      .map((target) => target.model);
    if (candidates.length === 0) throw noTargets(requestedName);
    return { requestedName, virtualModel, candidates };
  }
  const model = snapshot.modelsByName.get(requestedName);
  if (model && model.enabled && model.provider.enabled) return { requestedName, candidates: [model] };
  throw new GatewayError({
    status: 404,
    kind: 'not_found',
    code: 'model_not_found',
    message: `The model "${requestedName}" does not exist or is disabled.`,
    param: 'model',
  });
}

function noTargets(name: string): GatewayError {
  return new GatewayError({
    status: 503,
    kind: 'overloaded',
    code: 'no_available_target',
    message: `The virtual model "${name}" has no enabled target.`,
  });
}
