/** What a Gemini REST path names: `/{v1beta|v1}/models[/{model}[:{action}]]`. */
export interface GeminiPath {
  version: 'v1' | 'v1beta';
  /** The model as the client named it (percent-decoded, without `models/`); undefined for the listing. */
  model?: string;
  /** `generateContent`, `streamGenerateContent`, `countTokens`, ...; undefined for `GET models/{model}`. */
  action?: string;
}

/**
 * Parse a request path (no query) in Gemini's REST shape, or undefined when it
 * is not one. A model name may hold `/` (`openai/gpt-4o` reaches the gateway
 * as `models/openai/gpt-4o:generateContent`, the SDK does not encode it) and
 * `:` (`llama3:8b`), so the action is what follows the last `:`, and only for
 * the methods Gemini defines (lower-case first letter, letters only).
 */
export function parseGeminiPath(path: string): GeminiPath | undefined {
  const version =
    path.startsWith('/v1beta/') || path === '/v1beta'
      ? 'v1beta'
      : path.startsWith('/v1/') || path === '/v1'
        ? 'v1'
        : undefined;
  if (!version) return undefined;
  const rest = path.slice(version.length + 1);
  if (rest === '/models' || rest === '/models/') return { version };
  if (!rest.startsWith('/models/')) return undefined;
  let name = rest.slice('/models/'.length);
  let action: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon !== -1 && /^[a-z][A-Za-z]*$/.test(name.slice(colon + 1))) {
    action = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (name.endsWith('/') && action === undefined) name = name.slice(0, -1);
  if (name === '') return undefined;
  let model: string;
  try {
    model = decodeURIComponent(name);
  } catch {
    model = name;
  }
  // `models/models/x` would be a client that prefixed the name itself.
  if (model.startsWith('models/')) model = model.slice('models/'.length);
  return action === undefined ? { version, model } : { version, model, action };
}
