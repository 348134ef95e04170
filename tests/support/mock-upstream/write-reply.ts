import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultErrorBody } from './error-bodies.ts';
import type { MockFamily, MockReply, MockScenario } from './mock-reply.ts';
import { normalizeScenario, type RenderContext, type RenderedReply } from './normalize-scenario.ts';
import { renderAnthropic } from './render-anthropic.ts';
import { renderGemini } from './render-gemini.ts';
import { renderOpenAiChat } from './render-openai-chat.ts';
import { renderOpenAiResponses } from './render-openai-responses.ts';

/** Everything writeReply needs about one exchange. */
export interface ReplyTarget {
  response: ServerResponse;
  family?: MockFamily;
  /** Gemini stream as SSE (`alt=sse`) rather than a JSON array. */
  sse: boolean;
  context: RenderContext;
  /** Aborted when the client goes away or the mock closes. */
  signal: AbortSignal;
  /** Called before the mock destroys the socket itself, so it is not recorded as a client abort. */
  markDropped(): void;
  /** Answer for a scenario on a non-generation endpoint (model lists, embeddings). */
  answerOther?: () => { status: number; body: unknown };
}

const defaultFaultScenario: MockScenario = {
  kind: 'text',
  text: 'Hello from the mock upstream, streaming slowly.',
};

export function renderScenario(scenario: MockScenario, target: ReplyTarget): RenderedReply {
  const normalized = normalizeScenario(scenario);
  switch (target.family) {
    case 'anthropic':
      return renderAnthropic(normalized, target.context);
    case 'gemini':
      return renderGemini(normalized, target.context, target.sse);
    case 'openai-responses':
      return renderOpenAiResponses(normalized, target.context);
    default:
      return renderOpenAiChat(normalized, target.context);
  }
}

function requestHeaders(target: ReplyTarget): Record<string, string> {
  const id = `req_mock${target.context.sequence}`;
  return target.family === 'anthropic' ? { 'request-id': id, 'x-request-id': id } : { 'x-request-id': id };
}

function writeJson(
  target: ReplyTarget,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  target.response.writeHead(status, { 'content-type': contentType, ...requestHeaders(target), ...headers });
  target.response.end(text);
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Write frames one by one; `limit` cuts the stream short for the stall and drop faults. */
async function writeFrames(
  target: ReplyTarget,
  rendered: Extract<RenderedReply, { kind: 'stream' }>,
  limit?: number,
): Promise<boolean> {
  target.response.writeHead(200, {
    'content-type': rendered.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...requestHeaders(target),
  });
  target.response.flushHeaders();
  const frames = limit === undefined ? rendered.frames : rendered.frames.slice(0, limit);
  for (const [index, frame] of frames.entries()) {
    if (target.signal.aborted) return false;
    await new Promise<void>((resolve) => target.response.write(frame, () => resolve()));
    if (index < frames.length - 1 && !(await pause(rendered.eventDelayMs, target.signal))) return false;
  }
  return !target.signal.aborted;
}

/** Send `reply` on `target.response`, honouring faults. Resolves when done (or abandoned). */
export async function writeReply(reply: MockReply, target: ReplyTarget): Promise<void> {
  if ('kind' in reply) {
    if (target.answerOther) {
      const answer = target.answerOther();
      writeJson(target, answer.status, answer.body);
      return;
    }
    const rendered = renderScenario(reply, target);
    if (rendered.kind === 'json') writeJson(target, 200, rendered.body);
    else if (await writeFrames(target, rendered)) target.response.end();
    return;
  }

  switch (reply.fault) {
    case 'status':
      writeJson(
        target,
        reply.status,
        reply.body ?? defaultErrorBody(target.family, reply.status),
        reply.headers,
      );
      return;
    case 'delay':
      if (await pause(reply.ms, target.signal)) await writeReply(reply.then, target);
      return;
    case 'raw': {
      target.response.writeHead(reply.status, reply.headers ?? {});
      target.response.flushHeaders();
      for (const chunk of reply.chunks) {
        if (!(await pause(reply.delayMs ?? 0, target.signal))) return;
        target.response.write(chunk);
      }
      target.response.end();
      return;
    }
    case 'stall-mid-stream':
    case 'drop-mid-stream': {
      const rendered = renderScenario(reply.scenario ?? defaultFaultScenario, target);
      if (rendered.kind === 'json') {
        // A non-stream request gets its headers and half a body.
        const text = JSON.stringify(rendered.body);
        target.response.writeHead(200, { 'content-type': 'application/json', ...requestHeaders(target) });
        target.response.write(text.slice(0, Math.floor(text.length / 2)));
      } else if (!(await writeFrames(target, rendered, reply.afterEvents))) {
        return;
      }
      if (reply.fault === 'drop-mid-stream') {
        target.markDropped();
        target.response.socket?.destroy();
      }
      // A stall leaves the response open until the client gives up or the mock closes.
      return;
    }
  }
}
