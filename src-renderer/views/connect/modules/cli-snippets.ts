import type { ClientSnippet, ClientSnippetOptions } from '../../../../src-shared/client-snippets.ts';

/**
 * Copy-paste setup for Claude Code and Codex CLI. `copyPasteSnippets` leaves them out because the
 * desktop app writes their files itself; a browser has no such button, so the page shows the
 * recipes of docs/clients.md (Claude Code: the root URL, no /v1; Codex: a Responses provider).
 */
export function cliSnippets(options: ClientSnippetOptions): ClientSnippet[] {
  const root = options.gatewayUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  const shell = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const { apiKey, model } = options;
  return [
    {
      id: 'claude-code',
      title: 'Claude Code',
      language: 'bash',
      text: [
        `export ANTHROPIC_BASE_URL=${shell(root)}`,
        `export ANTHROPIC_AUTH_TOKEN=${shell(apiKey)}`,
        `export ANTHROPIC_MODEL=${shell(model)}`,
        `export ANTHROPIC_DEFAULT_SONNET_MODEL=${shell(model)}`,
        `export ANTHROPIC_DEFAULT_OPUS_MODEL=${shell(model)}`,
        `export ANTHROPIC_DEFAULT_HAIKU_MODEL=${shell(model)}`,
        'claude',
      ].join('\n'),
    },
    {
      id: 'codex',
      title: 'Codex CLI',
      language: 'text',
      file: '~/.codex/config.toml',
      text: [
        `model = ${JSON.stringify(model)}`,
        'model_provider = "llm-gateway"',
        '',
        '[model_providers.llm-gateway]',
        'name = "LLM Gateway"',
        `base_url = ${JSON.stringify(`${root}/v1`)}`,
        'wire_api = "responses"',
        'env_key = "LLM_GATEWAY_API_KEY"',
        '',
        '# then, in the shell:',
        `# export LLM_GATEWAY_API_KEY=${shell(apiKey)}`,
        '# codex',
      ].join('\n'),
    },
  ];
}
