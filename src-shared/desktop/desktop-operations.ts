import { z } from 'zod';
import { setupClients } from '../client-recipes.ts';
import type { DesktopOperationName } from './desktop-operation-names.ts';
import { preferencesPatchSchema, preferencesSchema } from './preferences.ts';

export {
  desktopEventsReadyChannel,
  desktopIpcChannel,
  desktopOperationNames,
  type DesktopOperationName,
} from './desktop-operation-names.ts';

/** The clients the desktop app can configure in one click. */
export const setupClientSchema = z.enum(setupClients);
export type SetupClient = z.infer<typeof setupClientSchema>;

/** What the window is shown before anything is written: the file and the change as a diff (key masked). */
export const clientSetupPlanSchema = z.object({
  /** Pass it to `clientSetup.apply`; the change itself stays in the main process. */
  planId: z.string(),
  client: setupClientSchema,
  path: z.string(),
  /** Unified diff; empty when the file already says all this. */
  diff: z.string(),
  /** Sentences to show beside the diff (what the client needs besides the file). */
  notes: z.array(z.string()),
  /** Variables the client reads its key from (Codex); set them to the chosen key. */
  environmentVariables: z.array(z.string()),
});
export type ClientSetupPlan = z.infer<typeof clientSetupPlanSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ electron: z.string(), chrome: z.string(), node: z.string() }),
  packaged: z.boolean(),
  dataDirectory: z.string(),
  logsDirectory: z.string(),
  /** Where provider keys are kept; `warning` says why it is not the OS keychain (show it). */
  secretStore: z.object({ kind: z.enum(['keychain', 'file']), warning: z.string().optional() }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

function desktopOperation<Input extends z.ZodType, Output extends z.ZodType>(definition: {
  summary: string;
  input: Input;
  output: Output;
}) {
  return definition;
}

/**
 * What only the desktop app does, beside the admin contract: one IPC channel each
 * (`desktop:<name>`), the same `{ ok, value } | { ok: false, error }` answers and the same
 * sender check as the contract's channels. Browser-safe: the renderer imports it for its client.
 */
export const desktopOperations = {
  'clientSetup.plan': desktopOperation({
    summary:
      "Prepare Claude Code's or Codex CLI's configuration for this gateway with the chosen key and model; nothing is written yet",
    input: z.object({
      client: setupClientSchema,
      apiKey: z.string().min(1).max(4096),
      model: z.string().min(1).max(256),
    }),
    output: clientSetupPlanSchema,
  }),
  'clientSetup.apply': desktopOperation({
    summary: 'Write a prepared change (a timestamped backup of the previous file is kept)',
    input: z.object({ planId: z.string().min(1).max(100) }),
    /** `backupPath`: where the previous file was kept. */
    output: z.object({ path: z.string(), backupPath: z.string().nullable() }),
  }),
  'clientSetup.restore': desktopOperation({
    summary: "Put back the client's configuration as it was before the last change",
    input: z.object({ client: setupClientSchema }),
    /** `removed`: there was no file before the setup, so it was removed. */
    output: z.object({ path: z.string(), restoredFrom: z.string().nullable(), removed: z.boolean() }),
  }),
  'links.openExternal': desktopOperation({
    summary: 'Open an https link in the system browser',
    input: z.object({ url: z.string().min(1).max(4096) }),
    output: z.null(),
  }),
  'endpoint.copy': desktopOperation({
    summary:
      "Copy the gateway's endpoint URL (OpenAI base with /v1, or Anthropic base without) to the clipboard",
    input: z.object({ protocol: z.enum(['openai', 'anthropic']).default('openai') }),
    output: z.object({ text: z.string() }),
  }),
  'app.info': desktopOperation({
    summary: "The app's version, folders and where keys are kept",
    input: z.object({}),
    output: appInfoSchema,
  }),
  'preferences.get': desktopOperation({
    summary: "The desktop app's preferences",
    input: z.object({}),
    output: preferencesSchema,
  }),
  'preferences.update': desktopOperation({
    summary: 'Change preferences (a new port or address restarts the gateway); answers them all',
    input: z.object({ body: preferencesPatchSchema }),
    output: preferencesSchema,
  }),
} satisfies Record<DesktopOperationName, { summary: string; input: z.ZodType; output: z.ZodType }>;

export type DesktopOperations = typeof desktopOperations;
export type DesktopInput<Name extends DesktopOperationName> = z.input<DesktopOperations[Name]['input']>;
export type DesktopOutput<Name extends DesktopOperationName> = z.output<DesktopOperations[Name]['output']>;
