/**
 * Fuzzing the upstream encoders: random valid canonical requests (and every random valid
 * client body, decoded) encoded for each upstream family give a plain-JSON body that the
 * family's own request validator accepts (the gateway's strict inbound schemas for chat,
 * Responses and Anthropic; Gemini's structural rules), with every tool result still
 * answering a call the upstream can see, and ids in the family's alphabet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../src-gateway/canonical/types.ts';
import { GatewayError } from '../../src-gateway/lib/errors.ts';
import { inboundCodecs, upstreamCodecs } from '../../src-gateway/protocols/registry.ts';
import { unsupportedContentCode } from '../../src-gateway/protocols/unsupported-content.ts';
import type { ProviderQuirks, UpstreamProtocol } from '../../src-gateway/protocols/types.ts';
import { fuzzParameters, fuzzTimeoutMs } from './support/fuzz-parameters.ts';
import {
  anthropicBody,
  canonicalRequest,
  chatBody,
  geminiBody,
  responsesBody,
} from './support/request-arbitraries.ts';

type Json = Record<string, any>;

/** Where a value is not plain JSON (a function, undefined in an array, NaN, a class instance...). */
function nonJsonAt(value: unknown, path = 'body'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = nonJsonAt(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      return `${path} is a ${prototype?.constructor?.name}`;
    for (const [key, entry] of Object.entries(value)) {
      if (entry === undefined) continue; // dropped by JSON.stringify, like an absent field
      const found = nonJsonAt(entry, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return `${path} is a ${typeof value}`;
}

const quirks: fc.Arbitrary<ProviderQuirks> = fc.record(
  {
    noStreamOptions: fc.boolean(),
    toolIdNineAlnum: fc.boolean(),
    reasoningContentRoundTrip: fc.boolean(),
    developerRole: fc.boolean(),
    geminiApiVersion: fc.constantFrom('v1beta', 'v1alpha'),
  },
  { requiredKeys: [] },
);

const anthropicToolId = /^[a-zA-Z0-9_-]+$/;

/** The family's own rules on what it received; empty = acceptable. */
function problems(protocol: UpstreamProtocol, body: Json, target: { quirks: ProviderQuirks }): string[] {
  const found: string[] = [];
  const check = (condition: boolean, message: string) => {
    if (!condition) found.push(message);
  };
  switch (protocol) {
    case 'openai-chat': {
      inboundCodecs.chat.decodeRequest(body);
      const seen = new Set<string>();
      for (const message of body.messages) {
        for (const call of message.tool_calls ?? []) {
          check(call.id.length <= 40, `tool_calls id longer than 40: ${call.id}`);
          if (target.quirks.toolIdNineAlnum)
            check(/^[a-zA-Z0-9]{9}$/.test(call.id), `not a Mistral id: ${call.id}`);
          seen.add(call.id);
        }
        if (message.role === 'tool')
          check(seen.has(message.tool_call_id), `tool result for unseen call ${message.tool_call_id}`);
      }
      break;
    }
    case 'openai-responses': {
      inboundCodecs.responses.decodeRequest(body);
      const seen = new Set<string>();
      for (const item of Array.isArray(body.input) ? body.input : []) {
        if (item.type === 'function_call' || item.type === 'custom_tool_call') {
          check(item.call_id.length <= 64, `call_id longer than 64: ${item.call_id}`);
          seen.add(item.call_id);
        }
        if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output')
          check(seen.has(item.call_id), `output for unseen call ${item.call_id}`);
      }
      break;
    }
    case 'anthropic': {
      inboundCodecs.anthropic.decodeRequest(body);
      check(Number.isInteger(body.max_tokens) && body.max_tokens > 0, `max_tokens ${body.max_tokens}`);
      let previous: Json | undefined;
      for (const message of body.messages) {
        check(message.role === 'user' || message.role === 'assistant', `role ${message.role}`);
        const blocks: Json[] = Array.isArray(message.content) ? message.content : [];
        for (const block of blocks) {
          if (block.type === 'tool_use')
            check(anthropicToolId.test(block.id), `tool_use id ${JSON.stringify(block.id)}`);
          if (block.type === 'tool_result') {
            const calls = (
              previous?.role === 'assistant' && Array.isArray(previous.content) ? previous.content : []
            )
              .filter((entry: Json) => entry.type === 'tool_use')
              .map((entry: Json) => entry.id);
            check(
              calls.includes(block.tool_use_id),
              `tool_result ${block.tool_use_id} answers no tool_use of the turn before`,
            );
          }
        }
        previous = message;
      }
      break;
    }
    case 'gemini': {
      check(Array.isArray(body.contents), 'contents is not an array');
      let previousRole: string | undefined;
      for (const content of body.contents) {
        check(content.role === 'user' || content.role === 'model', `role ${content.role}`);
        check(content.role !== previousRole, 'two contents in a row with the same role');
        previousRole = content.role;
        check(Array.isArray(content.parts) && content.parts.length > 0, 'a content without parts');
        for (const part of content.parts) {
          const data = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'].filter(
            (key) => part[key] !== undefined,
          );
          check(
            data.length === 1,
            `a part with ${data.length} data fields: ${JSON.stringify(part).slice(0, 80)}`,
          );
          if (part.functionCall) {
            const args = part.functionCall.args;
            check(
              args !== null && typeof args === 'object' && !Array.isArray(args),
              'functionCall.args is not an object',
            );
            check(
              typeof part.functionCall.name === 'string' && part.functionCall.name !== '',
              'functionCall without a name',
            );
          }
          if (part.functionResponse) {
            const response = part.functionResponse.response;
            check(
              response !== null && typeof response === 'object' && !Array.isArray(response),
              'functionResponse.response is not an object',
            );
          }
          for (const key of ['inlineData', 'fileData'] as const)
            if (part[key])
              check(
                typeof part[key].mimeType === 'string' && part[key].mimeType !== '',
                `${key}.mimeType is not a string`,
              );
        }
      }
      for (const tool of body.tools ?? [])
        for (const declaration of tool.functionDeclarations ?? [])
          check(typeof declaration.name === 'string', 'a function declaration without a name');
      break;
    }
  }
  return found;
}

/**
 * Requests every upstream refuses alike are out of scope: nothing any family can carry (only empty
 * text, or files known by nothing), or `max_tokens: 0` (chat allows it; the answer is the upstream's 400).
 */
function meaningful(request: CanonicalRequest): boolean {
  const carried = request.messages.some((message) =>
    message.content.some((block) => (block.type === 'text' && block.text !== '') || block.type === 'image'),
  );
  return carried && request.maxTokens !== 0;
}

function encodeAndCheck(
  protocol: UpstreamProtocol,
  request: CanonicalRequest,
  target: { quirks: ProviderQuirks },
): void {
  const before = JSON.stringify(request);
  let encoded: ReturnType<(typeof upstreamCodecs)[UpstreamProtocol]['encodeRequest']>;
  try {
    encoded = upstreamCodecs[protocol].encodeRequest(request, {
      upstreamModel: 'upstream-model',
      quirks: target.quirks,
    });
  } catch (error) {
    // A part or tool the family cannot carry (a PDF by URL to chat, another provider's file or
    // built-in tool) is refused, never dropped: the client's 400 names it. Nothing else may throw.
    expect(error).toBeInstanceOf(GatewayError);
    const refusal = error as GatewayError;
    expect([refusal.status, refusal.code]).toEqual([400, unsupportedContentCode]);
    expect(refusal.message).toMatch(/^This upstream \([^)]+\) cannot accept (an? |the )/);
    expect(JSON.stringify(request)).toBe(before);
    return;
  }
  // Encoding never changes the canonical request: the router may encode it again for the next target.
  expect(JSON.stringify(request)).toBe(before);
  expect(typeof encoded.path).toBe('string');
  expect(nonJsonAt(encoded.body)).toBeUndefined();
  const body = JSON.parse(JSON.stringify(encoded.body)) as Json;
  if (protocol !== 'gemini') expect(body.model).toBe('upstream-model');
  expect(problems(protocol, body, target)).toEqual([]);
}

describe.each(['openai-chat', 'openai-responses', 'anthropic', 'gemini'] as const)(
  'encoding for %s',
  (protocol) => {
    it(
      'turns any valid canonical request into a plain-JSON body its upstream accepts',
      () => {
        fc.assert(
          fc.property(canonicalRequest, quirks, (request, providerQuirks) => {
            fc.pre(meaningful(request));
            encodeAndCheck(protocol, request, { quirks: providerQuirks });
          }),
          fuzzParameters(60),
        );
      },
      fuzzTimeoutMs,
    );

    it(
      'carries any valid client request, in any inbound protocol, to a body its upstream accepts',
      () => {
        const clientRequest = fc.oneof(
          chatBody.map((body) => inboundCodecs.chat.decodeRequest(body)),
          responsesBody.map((body) => inboundCodecs.responses.decodeRequest(body)),
          anthropicBody.map((body) => inboundCodecs.anthropic.decodeRequest(body)),
          geminiBody.map((body) => inboundCodecs.gemini.decodeRequest(body)),
        );
        fc.assert(
          fc.property(clientRequest, quirks, (request, providerQuirks) => {
            fc.pre(meaningful(request));
            encodeAndCheck(protocol, request, { quirks: providerQuirks });
          }),
          fuzzParameters(40),
        );
      },
      fuzzTimeoutMs,
    );
  },
);
