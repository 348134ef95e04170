import {
  claudeCodeRecipe,
  codexRecipe,
  displayConfigFile,
  gatewayRootUrl,
} from '../../../../src-shared/client-recipes.ts';
import type { ClientSnippet, ClientSnippetOptions } from '../../../../src-shared/client-snippets.ts';

/**
 * Copy-paste setup for Claude Code and Codex CLI. `copyPasteSnippets` leaves them out because the
 * desktop app writes their files itself; a browser has no such button, so the page shows the
 * recipes (src-shared/client-recipes.ts, the facts the desktop's writer uses too) as shell lines
 * and a config file.
 */
export function cliSnippets(options: ClientSnippetOptions): ClientSnippet[] {
  const root = gatewayRootUrl(options.gatewayUrl);
  const shell = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const toml = (value: string): string => JSON.stringify(value);
  const { apiKey, model } = options;
  const claude = claudeCodeRecipe;
  return [
    {
      id: 'claude-code',
      title: claude.title,
      language: 'bash',
      text: [
        `export ${claude.baseUrlVariable}=${shell(root)}`,
        `export ${claude.tokenVariable}=${shell(apiKey)}`,
        ...[claude.modelVariable, ...claude.aliasModelVariables].map(
          (name) => `export ${name}=${shell(model)}`,
        ),
        'claude',
      ].join('\n'),
    },
    {
      id: 'codex',
      title: codexRecipe.title,
      language: 'text',
      file: displayConfigFile('codex'),
      text: [
        `model = ${toml(model)}`,
        `model_provider = ${toml(codexRecipe.providerId)}`,
        '',
        `[model_providers.${codexRecipe.providerId}]`,
        `name = ${toml(codexRecipe.providerName)}`,
        `base_url = ${toml(`${root}${codexRecipe.baseUrlPath}`)}`,
        `wire_api = ${toml(codexRecipe.wireApi)}`,
        `env_key = ${toml(codexRecipe.keyVariable)}`,
        '',
        '# then, in the shell:',
        `# export ${codexRecipe.keyVariable}=${shell(apiKey)}`,
        '# codex',
      ].join('\n'),
    },
  ];
}
