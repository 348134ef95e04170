import path from 'node:path';
import type { SetupClient } from './client-setup-input.ts';

/**
 * The user-level config file each client reads: Claude Code's
 * `~/.claude/settings.json`, Codex's `~/.codex/config.toml`. (Both tools let
 * an environment variable move that folder, `CLAUDE_CONFIG_DIR` and
 * `CODEX_HOME`; a desktop app does not see a shell's variables, so the default
 * folders are the ones written.)
 */
export function clientConfigPath(client: SetupClient, homeDir: string): string {
  return client === 'claude-code'
    ? path.join(homeDir, '.claude', 'settings.json')
    : path.join(homeDir, '.codex', 'config.toml');
}
