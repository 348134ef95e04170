import type { PromptPreview, PromptPreviewInput } from '../../src-shared/schemas/prompt-preview.ts';
import { AdminError, notFound } from '../lib/admin-error.ts';
import type { Clock } from '../lib/clock.ts';
import { GatewayError } from '../lib/errors.ts';
import { pickUpstreamProtocol, prepareUpstreamRequest } from '../proxy/prepare-upstream-request.ts';
import type { InboundCodec, UpstreamCodec, UpstreamProtocol } from '../protocols/types.ts';
import type { ConfigSnapshot, VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import { describePromptRuleProblems } from '../prompts/check-prompt-rules.ts';
import type { PromptRuleEngine } from '../prompts/types.ts';

export interface PromptPreviewDeps {
  getSnapshot: () => ConfigSnapshot;
  promptRules: PromptRuleEngine;
  /** Every inbound codec (the registry's object; looked up by `protocol`). */
  inboundCodecs: Record<string, InboundCodec>;
  upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec>;
  clock: Clock;
}

/** The `prompts` domain of the admin contract. */
export interface PromptPreviewService {
  /**
   * A sample request in any protocol, answered with what each target's upstream would receive
   * after rules, overrides, translation and relay isolation (404 for an unknown virtual model,
   * 400 for invalid draft rules or a sample its protocol refuses).
   */
  preview(virtualModelId: string, input: PromptPreviewInput): PromptPreview;
}

/**
 * It runs the same code as the proxy (rule engine, prepareUpstreamRequest), so the preview
 * cannot drift from what is actually sent.
 */
export function createPromptPreviewService(deps: PromptPreviewDeps): PromptPreviewService {
  return { preview: (virtualModelId, input) => preview(deps, virtualModelId, input) };
}

function preview(deps: PromptPreviewDeps, id: string, input: PromptPreviewInput): PromptPreview {
  const saved = [...deps.getSnapshot().virtualModelsByName.values()].find((candidate) => candidate.id === id);
  if (!saved) throw notFound('virtual model', id);
  const problems = describePromptRuleProblems(input.promptRules ?? []);
  if (problems.length > 0) throw new AdminError(400, 'invalid_request', problems.join('; '));
  const virtualModel: VirtualModelRuntime = {
    ...saved,
    promptRules: input.promptRules ?? saved.promptRules,
    paramOverrides:
      input.paramOverrides === undefined ? saved.paramOverrides : (input.paramOverrides ?? undefined),
  };
  const inbound = Object.values(deps.inboundCodecs).find((codec) => codec.protocol === input.protocol)!;
  try {
    const body = deps.promptRules.apply(
      virtualModel,
      input.protocol,
      { ...input.request, model: virtualModel.name },
      deps.clock.now(),
    );
    const canonical = inbound.decodeRequest(body);
    const clientHeaders = Object.fromEntries(
      Object.entries(input.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const targets = virtualModel.targets.map(({ model }) => {
      const upstream = deps.upstreamCodecs[pickUpstreamProtocol(model.provider)];
      const prepared = prepareUpstreamRequest({
        inbound,
        upstream,
        model,
        body,
        clientHeaders,
        bodyBytes: 0,
        stream: body.stream === true,
        decode: () => canonical,
      });
      return {
        modelId: model.id,
        modelName: model.name,
        providerId: model.provider.id,
        providerName: model.provider.name,
        upstreamProtocol: prepared.upstreamProtocol,
        url: model.provider.baseUrl + prepared.path,
        headers: prepared.headers,
        body: JSON.parse(
          typeof prepared.body === 'string' ? prepared.body : Buffer.concat(prepared.body).toString('utf8'),
        ) as unknown,
      };
    });
    return {
      virtualModel: { id: saved.id, name: saved.name },
      protocol: input.protocol,
      request: body,
      targets,
    };
  } catch (error) {
    // The sample itself is invalid in its protocol (or a rule refused it): say why, as a 400.
    if (error instanceof AdminError) throw error;
    if (error instanceof GatewayError && error.status < 500)
      throw new AdminError(400, 'invalid_request', error.message);
    throw error;
  }
}
