import { parse } from 'smol-toml';
import type { z } from 'zod';
import { codexRecipe } from '../../src-shared/client-recipes.ts';
import { listBackups } from './client-setup-backups.ts';
import { clientConfigPath } from './client-config-path.ts';
import { clientTargetSchema, gatewayUrlSchema, type SetupClient } from './client-setup-input.ts';
import { parseOrRefuse } from './parse-or-refuse.ts';
import { isPlainObject } from './is-plain-object.ts';
import { describeJsonError, describeTomlError } from './describe-parse-error.ts';
import { codexProviderId } from './edit-codex-config.ts';
import { readTextIfExists } from './read-text-if-exists.ts';

const statusInputSchema = clientTargetSchema.extend({ gatewayUrl: gatewayUrlSchema });

export interface ClientSetupStatus {
  client: SetupClient;
  path: string;
  exists: boolean;
  /** The file points the client at this gateway. */
  configured: boolean;
  /** The model the file selects, when it names one. */
  model?: string;
  /** A backup made by this app exists, so "restore previous" can act. */
  canRestore: boolean;
  /** Why the file could not be read (bad JSON or TOML), for display. */
  problem?: string;
}

/** Whether a client's config file currently points at this gateway, for the setup screen. Never throws on a bad file. */
export async function clientSetupStatus(
  input: z.input<typeof statusInputSchema>,
): Promise<ClientSetupStatus> {
  const { client, homeDir, gatewayUrl } = parseOrRefuse(statusInputSchema, input);
  const filePath = clientConfigPath(client, homeDir);
  const canRestore = (await listBackups(filePath)).length > 0;
  let text: string | undefined;
  try {
    text = (await readTextIfExists(filePath))?.replace(/^\uFEFF/, '');
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { client, path: filePath, exists: true, configured: false, canRestore, problem };
  }
  const status: ClientSetupStatus = {
    client,
    path: filePath,
    exists: text !== undefined,
    configured: false,
    canRestore,
  };
  if (text === undefined || text.trim() === '') return status;
  const trimmed = (url: unknown): unknown => (typeof url === 'string' ? url.replace(/\/+$/, '') : url);
  if (client === 'claude-code') {
    let settings: unknown;
    try {
      settings = JSON.parse(text);
    } catch (error) {
      return { ...status, problem: `${filePath} is not valid JSON (${describeJsonError(error, text)})` };
    }
    if (!isPlainObject(settings)) return status;
    const env = isPlainObject(settings.env) ? settings.env : {};
    status.configured = trimmed(env.ANTHROPIC_BASE_URL) === gatewayUrl;
    if (typeof settings.model === 'string') status.model = settings.model;
    return status;
  }
  let config: Record<string, unknown>;
  try {
    config = parse(text);
  } catch (error) {
    return { ...status, problem: `${filePath} is not valid TOML (${describeTomlError(error)})` };
  }
  const providers = isPlainObject(config.model_providers) ? config.model_providers : {};
  const ours = isPlainObject(providers[codexProviderId]) ? providers[codexProviderId] : {};
  status.configured =
    config.model_provider === codexProviderId &&
    trimmed(ours.base_url) === `${gatewayUrl}${codexRecipe.baseUrlPath}`;
  if (typeof config.model === 'string') status.model = config.model;
  return status;
}
