import { z } from 'zod';
import { paramOverridesSchema, promptRuleSchema } from '../../../src-shared/schemas/virtual-model.ts';
import { AdminError, describeZodError } from '../../admin/admin-error.ts';
import type { Clock } from '../../lib/clock.ts';
import { GatewayError } from '../../lib/errors.ts';
import { describePromptRuleProblems } from '../../prompts/check-prompt-rules.ts';
import type { PromptRuleEngine } from '../../prompts/types.ts';
import { pickUpstreamProtocol, prepareUpstreamRequest } from '../../proxy/prepare-upstream-request.ts';
import type { InboundCodec, UpstreamCodec, UpstreamProtocol } from '../../protocols/types.ts';
import type { ConfigSnapshot, VirtualModelRuntime } from '../../runtime/snapshot.ts';
import type { AdminRoute } from './admin-route.ts';

const inboundProtocolSchema = z.enum(['openai-chat', 'openai-responses', 'anthropic']);

/** A sample request, and optionally draft rules to try before saving them. */
export const promptPreviewInput = z.object({
  /** The protocol the sample request is written in. */
  protocol: inboundProtocolSchema,
  /** The request body as a client would send it (its `model` is ignored). */
  request: z.record(z.string(), z.unknown()),
  /** Sample client headers (e.g. Codex identity headers, to see which reach a relay). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Preview these rules instead of the saved ones. */
  promptRules: z.array(promptRuleSchema).max(100).optional(),
  /** Preview these overrides instead of the saved ones (`null`: none). */
  paramOverrides: paramOverridesSchema.nullable().optional(),
});

const previewTargetSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  upstreamProtocol: z.enum(['openai-chat', 'openai-responses', 'anthropic', 'gemini']),
  /** Provider base URL plus the path. */
  url: z.string(),
  /** Headers the gateway derives from the request (auth and the provider's own headers are left out). */
  headers: z.record(z.string(), z.string()),
  /** The JSON body exactly as the upstream receives it. */
  body: z.unknown(),
});

export const promptPreviewSchema = z.object({
  virtualModel: z.object({ id: z.string(), name: z.string() }),
  protocol: inboundProtocolSchema,
  /** The request after rules and overrides, still in the client's protocol. */
  request: z.record(z.string(), z.unknown()),
  /** What each target's upstream would receive, in the virtual model's target order. */
  targets: z.array(previewTargetSchema),
});

export interface PromptPreviewDeps {
  getSnapshot: () => ConfigSnapshot;
  promptRules: PromptRuleEngine;
  /** Every inbound codec (the registry's object; looked up by `protocol`). */
  inboundCodecs: Record<string, InboundCodec>;
  upstreamCodecs: Record<UpstreamProtocol, UpstreamCodec>;
  clock: Clock;
}

/**
 * `POST /api/virtual-models/:id/preview`: a sample request in any protocol,
 * answered with what each target's upstream would receive after rules,
 * overrides, translation and relay isolation. It runs the same code as the
 * proxy (rule engine, prepareUpstreamRequest), so the preview cannot drift
 * from what is actually sent.
 */
export function createPromptPreviewRoutes(deps: PromptPreviewDeps): AdminRoute[] {
  return [
    {
      method: 'post',
      path: '/virtual-models/:id/preview',
      tag: 'virtual-models',
      summary: 'Preview what the upstream receives for a sample request (after rules and translation)',
      requestBody: promptPreviewInput,
      status: 200,
      response: promptPreviewSchema,
      errors: [400, 404],
      handle: async ({ body, params }) => preview(deps, params.id!, body),
    },
  ];
}

function preview(deps: PromptPreviewDeps, id: string, raw: unknown): z.infer<typeof promptPreviewSchema> {
  const parsed = promptPreviewInput.safeParse(raw);
  if (!parsed.success) throw new AdminError(400, 'invalid_request', describeZodError(parsed.error));
  const input = parsed.data;
  const saved = [...deps.getSnapshot().virtualModelsByName.values()].find((candidate) => candidate.id === id);
  if (!saved) throw new AdminError(404, 'not_found', `No virtual model with id "${id}"`);
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
      const upstream = deps.upstreamCodecs[pickUpstreamProtocol(model.provider, input.protocol)];
      const prepared = prepareUpstreamRequest({
        inbound,
        upstream,
        model,
        body,
        clientHeaders,
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
        body: JSON.parse(prepared.body) as unknown,
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
    if (error instanceof GatewayError && error.status < 500)
      throw new AdminError(400, 'invalid_request', error.message);
    throw error;
  }
}
