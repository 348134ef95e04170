import { mergeUsage } from '../canonical/types.ts';
import { readJsonAnswer } from '../upstream/call-upstream.ts';
import { elapsedMs } from './exchange.ts';
import type { RelayInput } from './relay-input.ts';
import { scrubInstructions } from '../relay-isolation/scrub-instructions.ts';

const answerLimit = 64 * 1024 * 1024;

/**
 * Relay a non-stream answer. Pass-through sends the upstream's bytes unchanged
 * (usage is read from a parse of them); translation decodes to the canonical
 * response and encodes it in the client's protocol. `commit` writes the status
 * line and headers.
 */
export async function relayJson(
  options: RelayInput,
  commit: (contentType: string) => void,
): Promise<undefined> {
  const { answer, exchange, prepared, response } = options;
  const { raw, json } = await readJsonAnswer(answer.body, options.providerName, answerLimit);
  let payload: Buffer | string;
  if (prepared.passthrough) {
    // Only the usage is read; an unfamiliar but successful body still reaches the client unchanged.
    const usage = options.upstream.decodeUsage(json);
    if (usage) mergeUsage(exchange.usage, usage);
    // Relay isolation: the upstream's `instructions` (an injected prompt) never reach the client.
    payload = prepared.instructionsEcho
      ? JSON.stringify(scrubInstructions(json, prepared.instructionsEcho.replacement))
      : raw;
  } else {
    const decoded = options.upstream.decodeResponse(json);
    mergeUsage(exchange.usage, decoded.usage);
    payload = JSON.stringify(options.inbound.encodeResponse(decoded, options.context));
  }
  if (exchange.key?.logBodies)
    exchange.responseBody = typeof payload === 'string' ? payload : payload.toString('utf8');
  commit('application/json');
  exchange.ttfbMs = elapsedMs(exchange);
  response.end(payload);
  return undefined;
}
