import path from 'node:path';
import { clientRecipes, type SetupClient } from '../../src-shared/client-recipes.ts';

/**
 * The user-level config file each client reads: Claude Code's
 * `~/.claude/settings.json`, Codex's `~/.codex/config.toml`. (Both tools let
 * an environment variable move that folder, `CLAUDE_CONFIG_DIR` and
 * `CODEX_HOME`; a desktop app does not see a shell's variables, so the default
 * folders are the ones written.)
 */
export function clientConfigPath(client: SetupClient, homeDir: string): string {
  return path.join(homeDir, ...clientRecipes[client].configFile);
}
