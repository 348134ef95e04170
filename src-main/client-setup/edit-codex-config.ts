import { isDeepStrictEqual } from 'node:util';
import { parse } from 'smol-toml';
import { codexRecipe } from '../../src-shared/client-recipes.ts';
import { ClientSetupError } from './client-setup-error.ts';
import type { ClientSetupOptions } from './client-setup-input.ts';
import type { ConfigEdit } from './config-edit.ts';
import { isPlainObject } from './is-plain-object.ts';
import { describeTomlError } from './describe-parse-error.ts';
import { maskSecret } from './mask-secret.ts';
import { setTomlKey } from './set-toml-key.ts';
import { detectTextLayout } from './text-layout.ts';

/** The `model_providers` id the app writes and recognises. */
export const codexProviderId = codexRecipe.providerId;
/** Codex reads the provider's key from this environment variable (`env_key`). */
export const codexKeyVariable = codexRecipe.keyVariable;

/**
 * Codex CLI's `~/.codex/config.toml` pointed at the gateway: top-level `model`
 * and `model_provider = "llm-gateway"`, and `[model_providers.llm-gateway]`
 * with `name`, `base_url` (the gateway's `/v1`), `wire_api = "responses"` (the
 * only value current Codex accepts) and `env_key`.
 *
 * The key is not written to the file: `env_key` is Codex's documented way and
 * the one its source recommends ("experimental_bearer_token ... is discouraged
 * in favor of env_key for security reasons", codex-rs model-provider-info).
 * The user exports the variable once; the plan says how. A provider table that
 * already holds `experimental_bearer_token` (the user's own choice) gets the
 * new key there too, so it keeps working.
 *
 * Edited as text, so comments, blank lines and other tables stay byte for
 * byte; smol-toml parses the file before and after to refuse a malformed file
 * and to prove nothing else changed.
 */
export function editCodexConfig(
  filePath: string,
  before: string | undefined,
  options: ClientSetupOptions,
): ConfigEdit {
  const bom = before?.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = (before ?? '').slice(bom.length);
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new ClientSetupError(
      'malformed-file',
      `${filePath} is not valid TOML (${describeTomlError(error)}). Fix or move it, then try again; it was left as it is.`,
      { cause: error },
    );
  }
  const providers = parsed.model_providers;
  const existing = isPlainObject(providers) ? providers[codexProviderId] : undefined;
  const hasBearerToken = isPlainObject(existing) && typeof existing.experimental_bearer_token === 'string';

  const root: Record<string, string> = { model: options.model, model_provider: codexProviderId };
  const provider: Record<string, string> = {
    name: codexRecipe.providerName,
    base_url: `${options.gatewayUrl}${codexRecipe.baseUrlPath}`,
    wire_api: codexRecipe.wireApi,
    env_key: codexKeyVariable,
  };
  if (hasBearerToken) provider.experimental_bearer_token = options.apiKey;

  const layout = detectTextLayout(text);
  let after = text;
  for (const [key, value] of Object.entries(root)) after = setTomlKey(after, [], key, value, layout);
  for (const [key, value] of Object.entries(provider)) {
    after = setTomlKey(after, ['model_providers', codexProviderId], key, value, layout);
  }
  verify(filePath, parsed, after, root, provider);

  const notes = [
    `Codex reads the key from the environment variable ${codexKeyVariable}. Add ` +
      `export ${codexKeyVariable}=${maskSecret(options.apiKey)} to your shell profile (~/.zshrc, ~/.bashrc; ` +
      `on Windows: setx ${codexKeyVariable} ...), then open a new terminal.`,
  ];
  if (hasBearerToken) {
    notes.push(
      `[model_providers.${codexProviderId}] already held experimental_bearer_token; it now holds this key.`,
    );
  }
  const secrets = [options.apiKey];
  if (hasBearerToken) secrets.push(String(existing.experimental_bearer_token));
  return { after: bom + after, notes, secrets, environment: { [codexKeyVariable]: options.apiKey } };
}

/** The edit did what it says and nothing else: a guard against a bug in the text edits and against forms it cannot edit. */
function verify(
  filePath: string,
  before: Record<string, unknown>,
  after: string,
  root: Record<string, string>,
  provider: Record<string, string>,
): void {
  const refuse = (): never => {
    throw new ClientSetupError(
      'unsupported-form',
      `${filePath} is written in a way this app cannot edit safely (model_providers as an inline table or ` +
        `dotted keys, for example); set it up by hand (docs/clients.md). It was left as it is.`,
    );
  };
  let parsedAfter: Record<string, unknown>;
  try {
    parsedAfter = parse(after);
  } catch {
    return refuse();
  }
  const hadProvider = isPlainObject(before.model_providers) && codexProviderId in before.model_providers;
  const withoutOurs = (config: Record<string, unknown>): unknown => {
    const copy = structuredClone(config);
    for (const key of Object.keys(root)) delete copy[key];
    const providers = copy.model_providers;
    if (isPlainObject(providers) && isPlainObject(providers[codexProviderId])) {
      const ours = providers[codexProviderId] as Record<string, unknown>;
      for (const key of Object.keys(provider)) delete ours[key];
      if (Object.keys(ours).length === 0 && !hadProvider) delete providers[codexProviderId];
      if (Object.keys(providers).length === 0 && !('model_providers' in before)) delete copy.model_providers;
    }
    return copy;
  };
  const providers = parsedAfter.model_providers;
  const ours = isPlainObject(providers) ? providers[codexProviderId] : undefined;
  const done =
    Object.entries(root).every(([key, value]) => parsedAfter[key] === value) &&
    isPlainObject(ours) &&
    Object.entries(provider).every(([key, value]) => ours[key] === value) &&
    isDeepStrictEqual(withoutOurs(before), withoutOurs(parsedAfter));
  if (!done) refuse();
}
