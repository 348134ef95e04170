/**
 * Extended thinking through a tool loop, whatever the protocols (issue 18.1).
 *
 * Each inbound protocol (Chat, Responses, Messages, Gemini) is driven by its
 * official SDK through a three-turn tool loop against each upstream family that
 * has reasoning state (Anthropic signatures, OpenAI `encrypted_content`, Gemini
 * `thoughtSignature`). The client replays what its SDK gave it, as real clients
 * do; the upstream must get its thinking parameter on every turn and its own
 * signed blocks back byte for byte. A switch of family mid-loop must drop the
 * foreign state so that the new upstream accepts the request.
 *
 * The mock upstream is made strict for this file: a replayed signature,
 * encrypted blob or thought signature it never issued (or with other text), or
 * an Anthropic tool-loop turn without its thinking block while thinking is on,
 * is answered 400 the way the vendor answers it; and no request may carry the
 * gateway's envelope.
 */
import { GoogleGenAI, type Content, type Part } from '@google/genai';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/mock-upstream.ts';
import { weatherSchema } from './__fixtures__/protocol-harness.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';

type Inbound = 'chat' | 'responses' | 'anthropic' | 'gemini';
type Family = 'anthropic' | 'openai' | 'gemini';

const setup = useProtocolHarness({
  prepare: (harness) =>
    harness.gateway.addModel({
      upstreamUrl: harness.upstream.url,
      protocol: 'gemini',
      name: 'via-gemini3',
      upstreamModel: 'gemini-3-pro-preview',
    }),
});

/** The gateway model that reaches each family (Gemini 3 validates call signatures). */
const modelOf: Record<Family, string> = {
  anthropic: 'via-anthropic',
  openai: 'via-responses',
  gemini: 'via-gemini3',
};

const inbounds: Inbound[] = ['chat', 'responses', 'anthropic', 'gemini'];
const families: Family[] = ['anthropic', 'openai', 'gemini'];

// ---------------------------------------------------------------- the strict upstream

/** What the mock issued: signature (or blob) -> the reasoning text it was issued with. */
const issued: Record<Family, Map<string, string>> = {
  anthropic: new Map(),
  openai: new Map(),
  gemini: new Map(),
};
const issuedCallSignatures = new Set<string>();
const geminiSentinel = 'skip_thought_signature_validator';

function familyOf(request: RecordedRequest): Family | undefined {
  if (request.family === 'anthropic') return 'anthropic';
  if (request.family === 'openai-responses') return 'openai';
  if (request.family === 'gemini') return 'gemini';
  return undefined;
}

/** Why the vendor would refuse this request's replayed reasoning, or undefined. */
function replayProblem(request: RecordedRequest): string | undefined {
  if (request.rawBody.includes('llmgw.v1.')) return 'the gateway envelope reached the upstream';
  const body = request.body ?? {};
  switch (familyOf(request)) {
    case 'anthropic': {
      const messages: any[] = body.messages ?? [];
      for (const message of messages) {
        if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
        for (const block of message.content) {
          if (block.type === 'thinking' && issued.anthropic.get(block.signature) !== block.thinking)
            return 'messages.content.0: Invalid `signature` in `thinking` block';
          if (block.type === 'redacted_thinking' && !issued.anthropic.has(block.data))
            return 'Invalid `data` in `redacted_thinking` block';
        }
      }
      const thinkingOn = body.thinking && body.thinking.type !== 'disabled';
      const last = messages.at(-1);
      const assistant = messages.at(-2);
      if (
        thinkingOn &&
        assistant?.role === 'assistant' &&
        last?.content?.some?.((block: any) => block.type === 'tool_result') &&
        !['thinking', 'redacted_thinking'].includes(assistant.content[0]?.type)
      )
        return 'Expected `thinking` or `redacted_thinking`, but found `' + assistant.content[0]?.type + '`';
      return undefined;
    }
    case 'openai':
      for (const item of body.input ?? []) {
        if (item.type !== 'reasoning') continue;
        if (!issued.openai.has(item.encrypted_content))
          return 'invalid_encrypted_content: The encrypted content could not be verified.';
      }
      return undefined;
    case 'gemini':
      for (const content of body.contents ?? []) {
        if (content.role !== 'model') continue;
        let sawCall = false;
        let signedCall = false;
        // A streamed thought comes in pieces; its signature is on the last one and covers them all.
        let thought = '';
        for (const part of content.parts ?? []) {
          const signature = part.thoughtSignature;
          if (part.thought === true) thought += part.text ?? '';
          if (part.functionCall) {
            sawCall = true;
            if (signature !== undefined) signedCall = true;
            if (
              signature !== undefined &&
              signature !== geminiSentinel &&
              !issuedCallSignatures.has(signature)
            )
              return 'Corrupted thought signature.';
          } else if (signature !== undefined && signature !== geminiSentinel) {
            if (issued.gemini.get(signature) !== (part.thought === true ? thought : part.text))
              return 'Corrupted thought signature.';
            thought = '';
          }
        }
        if (sawCall && !signedCall)
          return 'Function call is missing a thought_signature in functionCall parts.';
      }
      return undefined;
    default:
      return undefined;
  }
}

function errorBody(request: RecordedRequest, message: string): unknown {
  if (request.family === 'anthropic')
    return { type: 'error', error: { type: 'invalid_request_error', message } };
  if (request.family === 'gemini') return { error: { code: 400, message, status: 'INVALID_ARGUMENT' } };
  return { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_request' } };
}

beforeEach(() => {
  setup.upstream.reset();
  setup.upstream.setHandler((request) => {
    const problem = replayProblem(request);
    return problem === undefined
      ? undefined
      : { fault: 'status', status: 400, body: errorBody(request, problem) };
  });
});

/** The upstream answers one turn: reasoning with a fresh signature, then a call (or the final text). */
function answer(family: Family, tag: string, final: boolean): { reasoning: string; signature: string } {
  // Non-ASCII and JSON-escaped characters: the restored text must be the same bytes.
  const reasoning = `Think ${tag}: "Zürich" — 晴れ\n\\ok`;
  const signature = `${family}-sig-${tag}-${Math.random().toString(36).slice(2)}`;
  issued[family].set(signature, reasoning);
  const callSignature = family === 'gemini' ? `gemini-call-sig-${tag}` : undefined;
  if (callSignature) issuedCallSignatures.add(callSignature);
  setup.upstream.enqueue({
    kind: 'reasoning',
    reasoning,
    signature,
    ...(final
      ? { text: `Done ${tag}.` }
      : {
          text: `Checking ${tag}.`,
          calls: [
            {
              name: 'get_weather',
              arguments: '{"location":"Zürich"}',
              ...(callSignature ? { thoughtSignature: callSignature } : {}),
            },
          ],
        }),
  });
  return { reasoning, signature };
}

// ---------------------------------------------------------------- the clients

/** One client conversation: sends a turn with its SDK, keeps the history as the client would. */
interface Conversation {
  /** Send the history to `model`; returns the call id the answer asked for (if any). */
  turn(model: string, stream: boolean): Promise<{ callId?: string; text: string }>;
  /** Answer the last call. */
  toolResult(callId: string): void;
}

const userText = 'Weather in Zürich?';

function chatConversation(): Conversation {
  const messages: any[] = [{ role: 'user', content: userText }];
  const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: weatherSchema } }];
  return {
    async turn(model, stream) {
      const request = { model, messages, tools, reasoning_effort: 'medium' as const };
      const completion = stream
        ? await setup.openai.chat.completions.stream(request).finalChatCompletion()
        : await setup.openai.chat.completions.create(request);
      const message = completion.choices[0]!.message;
      messages.push(message);
      return { callId: message.tool_calls?.[0]?.id, text: message.content ?? '' };
    },
    toolResult(callId) {
      messages.push({ role: 'tool', tool_call_id: callId, content: '18°C' });
    },
  };
}

function responsesConversation(): Conversation {
  const input: any[] = [{ role: 'user', content: userText }];
  const tools = [
    { type: 'function' as const, name: 'get_weather', parameters: weatherSchema, strict: false },
  ];
  return {
    async turn(model, stream) {
      const request = {
        model,
        input,
        tools,
        reasoning: { effort: 'medium' as const, summary: 'auto' as const },
        include: ['reasoning.encrypted_content' as const],
        store: false,
      };
      const response = stream
        ? await setup.openai.responses.stream(request).finalResponse()
        : await setup.openai.responses.create(request);
      // What Codex and SDK users do: replay every output item as it came.
      input.push(...response.output);
      const call = response.output.find((item) => item.type === 'function_call');
      return {
        callId: call?.type === 'function_call' ? call.call_id : undefined,
        text: response.output_text,
      };
    },
    toolResult(callId) {
      input.push({ type: 'function_call_output', call_id: callId, output: '18°C' });
    },
  };
}

function anthropicConversation(): Conversation {
  const messages: any[] = [{ role: 'user', content: userText }];
  const tools = [{ name: 'get_weather', input_schema: weatherSchema as any }];
  return {
    async turn(model, stream) {
      const request = {
        model,
        max_tokens: 8192,
        messages,
        tools,
        thinking: { type: 'enabled' as const, budget_tokens: 2048 },
      };
      const message = stream
        ? await setup.anthropic.messages.stream(request).finalMessage()
        : await setup.anthropic.messages.create(request);
      // What Claude Code does: the assistant turn goes back with every block, thinking included.
      messages.push({ role: 'assistant', content: message.content });
      const call = message.content.find((block) => block.type === 'tool_use');
      const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      return { callId: call?.type === 'tool_use' ? call.id : undefined, text };
    },
    toolResult(callId) {
      messages.push({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: callId, content: '18°C' }],
      });
    },
  };
}

function geminiConversation(): Conversation {
  const client = new GoogleGenAI({ apiKey: setup.key, httpOptions: { baseUrl: setup.url } });
  const contents: Content[] = [{ role: 'user', parts: [{ text: userText }] }];
  let lastCall: { id?: string; name: string } | undefined;
  const config = {
    tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: weatherSchema }] }],
    thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
  };
  return {
    async turn(model, stream) {
      let parts: Part[] = [];
      if (stream) {
        const chunks = await client.models.generateContentStream({ model, contents: [...contents], config });
        for await (const chunk of chunks) parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      } else {
        const response = await client.models.generateContent({ model, contents: [...contents], config });
        parts = response.candidates?.[0]?.content?.parts ?? [];
      }
      // What the SDK's chats and Gemini CLI keep: the model turn's parts, signatures included.
      contents.push({ role: 'model', parts });
      const call = parts.find((part) => part.functionCall)?.functionCall;
      lastCall = call ? { id: call.id, name: call.name ?? '' } : undefined;
      const text = parts.flatMap((part) => (part.text && !part.thought ? [part.text] : [])).join('');
      return { callId: call ? (call.id ?? call.name) : undefined, text };
    },
    toolResult() {
      const functionResponse: Record<string, unknown> = {
        name: lastCall!.name,
        response: { result: '18°C' },
      };
      if (lastCall!.id) functionResponse.id = lastCall!.id;
      contents.push({ role: 'user', parts: [{ functionResponse }] });
    },
  };
}

const conversations: Record<Inbound, () => Conversation> = {
  chat: chatConversation,
  responses: responsesConversation,
  anthropic: anthropicConversation,
  gemini: geminiConversation,
};

// ---------------------------------------------------------------- what the upstream got

/** The thinking parameter the upstream received is on. */
function thinkingOn(family: Family, body: any): boolean {
  switch (family) {
    case 'anthropic':
      return body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
    case 'openai':
      return (
        typeof body.reasoning?.effort === 'string' && body.include?.includes('reasoning.encrypted_content')
      );
    case 'gemini': {
      const config = body.generationConfig?.thinkingConfig;
      return (
        config?.includeThoughts === true && (config.thinkingBudget > 0 || config.thinkingLevel !== undefined)
      );
    }
  }
}

/** The signed reasoning the upstream received, per assistant turn: [text, signature]. */
function replayedState(family: Family, body: any): Array<Array<[string, string]>> {
  switch (family) {
    case 'anthropic':
      return (body.messages ?? [])
        .filter((message: any) => message.role === 'assistant')
        .map((message: any) =>
          message.content
            .filter((block: any) => block.type === 'thinking')
            .map((block: any) => [block.thinking, block.signature]),
        );
    case 'openai': {
      // Items of one turn sit between function_call_output items.
      const turns: Array<Array<[string, string]>> = [];
      let current: Array<[string, string]> | undefined;
      for (const item of body.input ?? []) {
        if (item.type === 'reasoning') {
          current ??= [];
          const text = (item.summary ?? []).map((part: any) => part.text).join('');
          current.push([text, item.encrypted_content]);
        } else if (item.type === 'function_call_output' && current) {
          turns.push(current);
          current = undefined;
        }
      }
      if (current) turns.push(current);
      return turns;
    }
    case 'gemini':
      return (body.contents ?? [])
        .filter((content: any) => content.role === 'model')
        .map((content: any) => {
          // A streamed thought arrives in pieces; the signature is on the last one.
          const thoughts = content.parts.filter((part: any) => part.thought === true);
          const signature = thoughts.find((part: any) => part.thoughtSignature)?.thoughtSignature;
          return signature ? [[thoughts.map((part: any) => part.text).join(''), signature]] : [];
        });
  }
}

function callSignatures(body: any): string[] {
  return (body.contents ?? []).flatMap((content: any) =>
    content.role !== 'model'
      ? []
      : content.parts.flatMap((part: any) =>
          part.functionCall && part.thoughtSignature ? [part.thoughtSignature] : [],
        ),
  );
}

// ---------------------------------------------------------------- the tables

describe.each(inbounds)('%s client', (inbound) => {
  it.each(families)(
    'keeps %s thinking on and its signed blocks byte-identical through a 3-turn tool loop',
    async (family) => {
      const conversation = conversations[inbound]();
      const model = modelOf[family];
      const turns = [answer(family, 't1', false)];
      const first = await conversation.turn(model, true);
      expect(first.callId).toBeTruthy();
      expect(thinkingOn(family, setup.lastGeneration().body)).toBe(true);

      conversation.toolResult(first.callId!);
      turns.push(answer(family, 't2', false));
      const second = await conversation.turn(model, false);
      const turn2 = setup.lastGeneration().body;
      expect(thinkingOn(family, turn2)).toBe(true);
      expect(replayedState(family, turn2)).toEqual([[[turns[0]!.reasoning, turns[0]!.signature]]]);

      conversation.toolResult(second.callId!);
      turns.push(answer(family, 't3', true));
      const third = await conversation.turn(model, true);
      const turn3 = setup.lastGeneration().body;
      expect(thinkingOn(family, turn3)).toBe(true);
      expect(replayedState(family, turn3)).toEqual(
        turns.slice(0, 2).map((turn) => [[turn.reasoning, turn.signature]]),
      );
      if (family === 'gemini')
        expect(callSignatures(turn3)).toEqual(['gemini-call-sig-t1', 'gemini-call-sig-t2']);
      expect(third.text).toBe('Done t3.');
    },
  );

  const switches = families.flatMap((from) =>
    families.filter((to) => to !== from).map((to) => ({ from, to })),
  );
  it.each(switches)(
    'drops $from state when the loop moves to $to, and $to accepts the turn',
    async ({ from, to }) => {
      const conversation = conversations[inbound]();
      answer(from, 's1', false);
      const first = await conversation.turn(modelOf[from], true);
      conversation.toolResult(first.callId!);

      answer(to, 's2', true);
      const second = await conversation.turn(modelOf[to], inbound !== 'gemini');
      expect(second.text).toBe('Done s2.');
      const request = setup.lastGeneration();
      expect(familyOf(request)).toBe(to);
      // Nothing of the other family's state went along (the strict mock checks the rest).
      expect(replayedState(to, request.body).flat()).toEqual([]);
      expect(request.rawBody).not.toContain(`${from}-sig-s1`);
      if (to !== 'anthropic') expect(thinkingOn(to, request.body)).toBe(true);
    },
  );
});
