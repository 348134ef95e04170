import { GatewayError } from '../lib/errors.ts';
import { parseGeminiPath } from '../protocols/gemini/index.ts';
import type { InboundCodec } from '../protocols/types.ts';
import { listModelsForKey } from './models-operation.ts';
import { sendLocalAnswer } from './respond.ts';
import type { LocalOperation } from './v1-operation.ts';

/** A model as Gemini's `models.list` / `models.get` describe it. */
interface GeminiModelEntry {
  name: string;
  baseModelId: string;
  displayName: string;
  supportedGenerationMethods: string[];
  inputTokenLimit?: number;
  outputTokenLimit?: number;
}

/** What the gateway serves for a Gemini client on every model. */
const supportedGenerationMethods = ['generateContent', 'streamGenerateContent', 'countTokens'];

/**
 * `GET /{v1beta|v1}/models` and `.../models/{model}` in Gemini's shape
 * (`{models: [{name: "models/…", …}]}`, no further page): the models the key may
 * use, from memory, like `/v1/models` for the other SDKs; not admitted, logged
 * as `models`.
 */
export function createGeminiModelsOperation(gemini: InboundCodec): LocalOperation {
  return {
    kind: 'local',
    logAs: 'models',
    readsBody: false,
    acceptsQueryKey: true,
    errorCodec: () => gemini,
    answer(exchange, _body, request, response, snapshot) {
      const entries = listModelsForKey(snapshot, exchange.key!).map((entry): GeminiModelEntry => {
        const model: GeminiModelEntry = {
          name: `models/${entry.id}`,
          baseModelId: entry.id,
          displayName: entry.display_name,
          supportedGenerationMethods,
        };
        if (entry.context_window !== undefined) model.inputTokenLimit = entry.context_window;
        if (entry.max_output_tokens !== undefined) model.outputTokenLimit = entry.max_output_tokens;
        return model;
      });
      const url = request.url ?? '';
      const query = url.indexOf('?');
      const id = parseGeminiPath(query === -1 ? url : url.slice(0, query))?.model;
      if (id === undefined) {
        sendLocalAnswer(response, exchange, { models: entries });
        return;
      }
      exchange.requestedModel = id;
      const entry = entries.find((candidate) => candidate.baseModelId === id);
      if (!entry)
        throw new GatewayError({
          status: 404,
          kind: 'not_found',
          code: 'model_not_found',
          message: `models/${id} is not found, or this key may not use it.`,
        });
      sendLocalAnswer(response, exchange, entry);
    },
  };
}
