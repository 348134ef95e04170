/**
 * What Claude Code and Codex CLI need to use the gateway, as data: the desktop app's file writer
 * (src-main/client-setup/) and the copy-paste recipes of the Connect page
 * (src-renderer/views/connect/modules/cli-snippets.ts) both read it, so the two never disagree.
 * Sources: docs/clients.md (each tool's documentation and source).
 */

/** The clients the desktop app configures in one click. */
export const setupClients = ['claude-code', 'codex'] as const;
export type SetupClient = (typeof setupClients)[number];

/** Claude Code: environment variables (in the shell, or `env` in `~/.claude/settings.json`). */
export const claudeCodeRecipe = {
  title: 'Claude Code',
  /** Under the home folder. */
  configFile: ['.claude', 'settings.json'],
  /** The gateway's root URL: Claude Code adds `/v1/messages` itself. */
  baseUrlVariable: 'ANTHROPIC_BASE_URL',
  /** Sent as `Authorization: Bearer`, which the gateway checks first. */
  tokenVariable: 'ANTHROPIC_AUTH_TOKEN',
  /** The main model in the shell; the settings file has its top-level `model` for it. */
  modelVariable: 'ANTHROPIC_MODEL',
  /** The `opus`, `sonnet` and `haiku` aliases (haiku also runs background tasks): all the chosen model. */
  aliasModelVariables: [
    'ANTHROPIC_DEFAULT_OPUS_MODEL',
    'ANTHROPIC_DEFAULT_SONNET_MODEL',
    'ANTHROPIC_DEFAULT_HAIKU_MODEL',
  ],
  /** Would override the model; the file writer updates them only where the file already sets them. */
  overridingModelVariables: ['ANTHROPIC_MODEL', 'ANTHROPIC_SMALL_FAST_MODEL'],
} as const;

/** Codex CLI: a `model_providers` entry in `~/.codex/config.toml` speaking the Responses API. */
export const codexRecipe = {
  title: 'Codex CLI',
  configFile: ['.codex', 'config.toml'],
  /** The `[model_providers.<id>]` table, and the top-level `model_provider` that selects it. */
  providerId: 'llm-gateway',
  providerName: 'LLM Gateway',
  /** The gateway's root URL plus this is `base_url`. */
  baseUrlPath: '/v1',
  /** The only value current Codex accepts. */
  wireApi: 'responses',
  /** `env_key`: Codex reads the key from this variable (never written to the file). */
  keyVariable: 'LLM_GATEWAY_API_KEY',
} as const;

/** The recipes by client. */
export const clientRecipes = { 'claude-code': claudeCodeRecipe, codex: codexRecipe } as const;

/** `~/.claude/settings.json`: the file a client reads, as a user would write it. */
export function displayConfigFile(client: SetupClient): string {
  return `~/${clientRecipes[client].configFile.join('/')}`;
}

/** The gateway's root URL as clients need it: no trailing `/` or `/v1`. */
export function gatewayRootUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}
