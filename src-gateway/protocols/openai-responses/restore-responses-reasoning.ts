import { isReasoningEnvelope, openReasoning } from '../reasoning-envelope.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function carriesEnvelope(item: unknown): boolean {
  return isObject(item) && item.type === 'reasoning' && isReasoningEnvelope(item.encrypted_content);
}

/**
 * Responses client to Responses upstream: the client's body goes as it is, but
 * for reasoning items whose `encrypted_content` is the gateway's envelope
 * (reasoning-envelope.ts), left by an earlier turn on another family. OpenAI's
 * own state in one is put back as the original item (without an id: the
 * upstream accepts id-less items); another family's is dropped, since OpenAI
 * answers `invalid_encrypted_content` to anything it did not encrypt. The
 * client's objects are never mutated; the body itself comes back when nothing changed.
 */
export function restoreResponsesReasoning(body: Json): Json {
  if (!Array.isArray(body.input) || !body.input.some(carriesEnvelope)) return body;
  const input = (body.input as unknown[]).flatMap((item) => {
    if (!carriesEnvelope(item)) return [item];
    const sealed = openReasoning((item as Json).encrypted_content);
    if (sealed?.family !== 'openai') return [];
    return sealed.blocks.flatMap((block) =>
      block.encryptedContent === undefined
        ? []
        : [
            {
              type: 'reasoning',
              summary: block.text === '' ? [] : [{ type: 'summary_text', text: block.text }],
              encrypted_content: block.encryptedContent,
            },
          ],
    );
  });
  return { ...body, input };
}
