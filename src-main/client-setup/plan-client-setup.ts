import { clientConfigPath } from './client-config-path.ts';
import {
  clientSetupInputSchema,
  type ClientSetupInput,
  type ClientSetupOptions,
  type SetupClient,
} from './client-setup-input.ts';
import { parseOrRefuse } from './parse-or-refuse.ts';
import { editClientConfig } from './edit-client-config.ts';
import { maskSecrets } from './mask-secret.ts';
import { readTextIfExists } from './read-text-if-exists.ts';
import { unifiedDiff } from './unified-diff.ts';

/**
 * A change to a client's config file, computed and not yet written. Only
 * `diff`, `notes` and `path` are for display: `before`, `after`, `options` and
 * `environment` hold the key.
 */
export interface ClientSetupPlan {
  client: SetupClient;
  path: string;
  /** The file as it was when planned; null when there was none. */
  before: string | null;
  after: string;
  /** Unified diff, keys masked. Empty when the file already says all this. */
  diff: string;
  notes: string[];
  /** Variables to set for the client (Codex reads its key from one); name -> value. */
  environment: Record<string, string>;
  /** The parsed input, so that applying recomputes the change instead of trusting `after`. */
  options: ClientSetupOptions;
}

/** Reads the client's config file and works out the change; a malformed file is refused and left alone. */
export async function planClientSetup(input: ClientSetupInput): Promise<ClientSetupPlan> {
  const options = parseOrRefuse(clientSetupInputSchema, input);
  const filePath = clientConfigPath(options.client, options.homeDir);
  const before = await readTextIfExists(filePath);
  const edit = editClientConfig(filePath, before, options);
  return {
    client: options.client,
    path: filePath,
    before: before ?? null,
    after: edit.after,
    diff: maskSecrets(unifiedDiff(filePath, before, edit.after), edit.secrets),
    notes: edit.notes,
    environment: edit.environment,
    options,
  };
}
