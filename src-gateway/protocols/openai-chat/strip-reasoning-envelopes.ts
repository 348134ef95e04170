import { isReasoningEnvelope } from '../reasoning-envelope.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEnvelopeDetail(detail: unknown): boolean {
  return isObject(detail) && isReasoningEnvelope(detail.data);
}

function carriesEnvelope(message: unknown): boolean {
  return (
    isObject(message) &&
    Array.isArray(message.reasoning_details) &&
    message.reasoning_details.some(isEnvelopeDetail)
  );
}

/**
 * Chat client to chat upstream: the client's body goes as it is, but for the
 * gateway's envelopes in assistant messages' `reasoning_details` (left by an
 * earlier turn on another family; reasoning-envelope.ts): no chat upstream can
 * use them, so those entries are removed (the field too when nothing else is in
 * it). `reasoning_content` stays, for upstreams that want it back (DeepSeek).
 * The client's objects are never mutated; the body itself comes back when nothing changed.
 */
export function stripReasoningEnvelopes(body: Json): Json {
  if (!Array.isArray(body.messages) || !body.messages.some(carriesEnvelope)) return body;
  const messages = (body.messages as unknown[]).map((message) => {
    if (!carriesEnvelope(message)) return message;
    const { reasoning_details: details, ...rest } = message as Json;
    const kept = (details as unknown[]).filter((detail) => !isEnvelopeDetail(detail));
    return kept.length > 0 ? { ...rest, reasoning_details: kept } : rest;
  });
  return { ...body, messages };
}
