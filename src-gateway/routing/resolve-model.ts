import { GatewayError } from '../lib/errors.ts';
import type {
  ConfigSnapshot,
  KeyRuntime,
  ModelRuntime,
  VirtualModelRuntime,
} from '../config-snapshot/snapshot.ts';
import { matchAlias } from './match-alias.ts';

export interface ModelResolution {
  /** The name the client asked for. */
  requestedName: string;
  /** The model or virtual model name an alias rule mapped the request to, when one did. */
  aliasTarget?: string;
  virtualModel?: VirtualModelRuntime;
  /** Enabled concrete models, in the order the strategy prefers them. */
  candidates: ModelRuntime[];
}

/**
 * Resolve a requested model name against the snapshot: a concrete model, or a
 * virtual model whose targets become the candidate list. A name that is
 * neither goes through the alias rules (`settings.aliases`, first match wins,
 * one level: the target must be a model or virtual model). With no name, the
 * key's default model is used. Access is checked against the key's allow-list
 * by the name the client used or the name an alias led to.
 */
export function resolveModel(
  snapshot: ConfigSnapshot,
  key: KeyRuntime,
  requested: string | undefined,
): ModelResolution {
  const requestedName = requested !== undefined && requested.trim() !== '' ? requested : key.defaultModel;
  if (requestedName === undefined || requestedName === '') {
    throw new GatewayError({
      status: 400,
      kind: 'invalid_request',
      code: 'invalid_request_error',
      message: 'The "model" field is required and must be a string.',
      param: 'model',
    });
  }
  const known = snapshot.virtualModelsByName.has(requestedName) || snapshot.modelsByName.has(requestedName);
  const aliasTarget = known ? undefined : matchAlias(snapshot.settings.aliases, requestedName);
  const name = aliasTarget ?? requestedName;
  if (key.allowedModels && !key.allowedModels.has(requestedName) && !key.allowedModels.has(name)) {
    throw new GatewayError({
      status: 403,
      kind: 'permission',
      code: 'model_not_allowed',
      message: `This API key may not use model "${requestedName}".`,
    });
  }
  const virtualModel = snapshot.virtualModelsByName.get(name);
  if (virtualModel && virtualModel.enabled) {
    const candidates = [...virtualModel.targets]
      .filter((target) => target.model.enabled && target.model.provider.enabled)
      .sort((left, right) => left.priority - right.priority)
      .map((target) => target.model);
    if (candidates.length === 0) throw noTargets(name);
    return { requestedName, aliasTarget, virtualModel, candidates };
  }
  const model = snapshot.modelsByName.get(name);
  if (model && model.enabled && model.provider.enabled)
    return { requestedName, aliasTarget, candidates: [model] };
  throw new GatewayError({
    status: 404,
    kind: 'not_found',
    code: 'model_not_found',
    message: aliasTarget
      ? `The model "${requestedName}" maps to "${aliasTarget}", which does not exist or is disabled.`
      : `The model "${requestedName}" does not exist or is disabled.`,
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
