import { isRecord, parseJsonFrames } from './parse-sse-text.ts';

/**
 * `streamGenerateContent?alt=sse` as Google sends it and `@google/genai` reads it
 * (protocols.md 3): no `event:` lines, no `[DONE]`; every `data:` a whole
 * `GenerateContentResponse` with one candidate (index 0, role `model`) whose parts
 * are text, thoughts or whole function calls (a name and an `args` object); the
 * finish reason on the last chunk only, which also carries `usageMetadata`; a
 * stream that failed ends with one `{error: {code, message, status}}` chunk.
 */
export function validateGeminiStream(text: string): string[] {
  const violations: string[] = [];
  const frames = parseJsonFrames(text);
  if (frames.length === 0) return ['the stream has no events'];
  const failed = isRecord(frames.at(-1)!.json?.error);
  frames.forEach((frame, position) => {
    const at = `event ${position}`;
    if (frame.event !== undefined) violations.push(`${at}: has an event: line (${frame.event})`);
    const json = frame.json;
    if (!json) return void violations.push(`${at}: data is not a JSON object: ${frame.data.slice(0, 40)}`);
    const last = position === frames.length - 1;
    if (isRecord(json.error)) {
      if (!last) violations.push(`${at}: an error chunk is not the last`);
      const error = json.error;
      if (
        typeof error.code !== 'number' ||
        typeof error.message !== 'string' ||
        typeof error.status !== 'string'
      )
        violations.push(`${at}: error needs code (number), message and status (strings)`);
      return;
    }
    const candidates = json.candidates;
    if (!Array.isArray(candidates) || candidates.length !== 1 || !isRecord(candidates[0]))
      return void violations.push(`${at}: needs exactly one candidate`);
    const candidate = candidates[0];
    if (candidate.index !== 0) violations.push(`${at}: candidate index is not 0`);
    const content = candidate.content;
    if (!isRecord(content) || content.role !== 'model' || !Array.isArray(content.parts))
      violations.push(`${at}: candidate content needs role "model" and parts`);
    else
      content.parts.forEach((part: unknown, index) => {
        if (!isRecord(part)) return void violations.push(`${at}: part ${index} is not an object`);
        const call = part.functionCall;
        if (call !== undefined && (!isRecord(call) || typeof call.name !== 'string' || !isRecord(call.args)))
          violations.push(`${at}: part ${index} functionCall needs a name and an args object`);
        if (call === undefined && typeof part.text !== 'string')
          violations.push(`${at}: part ${index} has neither text nor a functionCall`);
      });
    const finishing = !failed && last;
    if (finishing && typeof candidate.finishReason !== 'string')
      violations.push(`${at}: the last chunk has no finishReason`);
    if (!finishing && candidate.finishReason !== undefined)
      violations.push(`${at}: finishReason before the last chunk`);
    if (finishing && !isRecord(json.usageMetadata))
      violations.push(`${at}: the last chunk has no usageMetadata`);
    if (typeof json.responseId !== 'string' || typeof json.modelVersion !== 'string')
      violations.push(`${at}: needs responseId and modelVersion`);
  });
  if (/^data: \[DONE\]/m.test(text)) violations.push('the stream has a [DONE] line');
  return violations;
}
