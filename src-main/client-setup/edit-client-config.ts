import type { ClientSetupOptions } from './client-setup-input.ts';
import type { ConfigEdit } from './config-edit.ts';
import { editClaudeCodeSettings } from './edit-claude-code-settings.ts';
import { editCodexConfig } from './edit-codex-config.ts';

/** The client's config file text after pointing it at the gateway. */
export function editClientConfig(
  filePath: string,
  before: string | undefined,
  options: ClientSetupOptions,
): ConfigEdit {
  return options.client === 'claude-code'
    ? editClaudeCodeSettings(filePath, before, options)
    : editCodexConfig(filePath, before, options);
}
