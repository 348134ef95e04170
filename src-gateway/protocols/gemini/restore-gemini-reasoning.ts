import { isReasoningEnvelope, openReasoning } from '../reasoning-envelope.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function carriesEnvelope(part: unknown): boolean {
  return isObject(part) && isReasoningEnvelope(part.thoughtSignature);
}

function sealedTurn(content: unknown): content is Json & { parts: unknown[] } {
  return (
    isObject(content) &&
    content.role === 'model' &&
    Array.isArray(content.parts) &&
    content.parts.some(carriesEnvelope)
  );
}

/** One model turn with the gateway's envelopes taken out (Gemini's own state put back). */
function restoreTurn(parts: unknown[]): unknown[] {
  const out: unknown[] = [];
  const calls: Record<string, string> = {};
  for (const part of parts) {
    if (!isObject(part)) {
      out.push(part);
      continue;
    }
    if (!carriesEnvelope(part)) {
      // Unsigned thoughts in such a turn are another family's reasoning shown as text.
      if (part.thought !== true || part.thoughtSignature !== undefined) out.push(part);
      continue;
    }
    const sealed = openReasoning(part.thoughtSignature);
    if (sealed?.family === 'gemini') {
      for (const block of sealed.blocks) {
        if (block.signature !== undefined)
          out.push({ text: block.text, thought: true, thoughtSignature: block.signature });
      }
      Object.assign(calls, sealed.calls);
    }
    if (part.thought === true) continue;
    const { thoughtSignature: _envelope, ...rest } = part;
    out.push(rest);
  }
  return out.map((part) => {
    if (!isObject(part) || !isObject(part.functionCall) || part.thoughtSignature !== undefined) return part;
    const id = part.functionCall.id;
    return typeof id === 'string' && Object.hasOwn(calls, id)
      ? { ...part, thoughtSignature: calls[id] }
      : part;
  });
}

/**
 * Gemini client to Gemini upstream: the client's body goes as it is, but for
 * the gateway's envelopes in `thoughtSignature` (left by an earlier turn on
 * another family; reasoning-envelope.ts). Gemini's own state in one is put back
 * (thought parts with their signatures, call signatures on their calls);
 * another family's is dropped, with the thoughts that only showed it as text.
 * The client's objects are never mutated; the body itself comes back when nothing changed.
 */
export function restoreGeminiReasoning(body: Json): Json {
  if (!Array.isArray(body.contents) || !body.contents.some(sealedTurn)) return body;
  const contents = (body.contents as unknown[]).map((content) =>
    sealedTurn(content) ? { ...content, parts: restoreTurn(content.parts) } : content,
  );
  return { ...body, contents };
}
