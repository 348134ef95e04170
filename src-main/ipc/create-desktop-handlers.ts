import { randomUUID } from 'node:crypto';
import { clipboard, shell } from 'electron';
import { AdminError } from '../../src-gateway/lib/admin-error.ts';
import type { AppInfo, SetupClient } from '../../src-shared/desktop/desktop-operations.ts';
import type { PreferencesStore } from '../preferences/open-preferences.ts';
import { isSafeExternalUrl } from '../window/is-safe-external-url.ts';
import type { DesktopHandlers } from './register-desktop-ipc.ts';

/** A prepared change as the client-setup writer (src-main/client-setup) answers it; the rest stays here. */
export interface ClientSetupPlanLike {
  path: string;
  /** For display, the key masked. */
  diff: string;
  notes?: string[];
  /** Variables to set for the client, name → value (the value is the key: never sent to the window). */
  environment?: Record<string, string>;
}

/** The one-click client setup (src-main/client-setup), given to the app by its entry point. */
export interface ClientSetupFunctions<Plan extends ClientSetupPlanLike = ClientSetupPlanLike> {
  plan(input: {
    client: SetupClient;
    gatewayUrl: string;
    apiKey: string;
    model: string;
    homeDir: string;
  }): Promise<Plan> | Plan;
  apply(plan: Plan): Promise<{ path: string; backupPath?: string }> | { path: string; backupPath?: string };
  restore(input: {
    client: SetupClient;
    homeDir: string;
  }):
    | Promise<{ path: string; restoredFrom?: string; removed?: boolean }>
    | { path: string; restoredFrom?: string; removed?: boolean };
}

/** Prepared changes wait this long for "apply", then must be prepared again. */
const planLifetimeMs = 10 * 60_000;

/** HTTP-like statuses of the client-setup writer's refusals (ClientSetupError's `code`). */
const refusalStatus: Record<string, number> = { 'invalid-input': 400, 'no-backup': 404 };

/**
 * The client-setup writer's refusal (a malformed file, a file changed since planning, nothing to
 * restore) with its own message, which names the file and says what to do (and never the key).
 */
function asAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && error.name === 'ClientSetupError' && typeof code === 'string')
    return new AdminError(refusalStatus[code] ?? 409, code.replace(/-/g, '_'), error.message);
  // The file system's own refusal (EACCES, EROFS, …) names the file and is the user's to fix.
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string')
    return new AdminError(409, 'file_error', error.message);
  throw error;
}

/** Run the writer; its refusals (thrown at once or later) become AdminErrors the window can show. */
async function refusing<Value>(work: () => Promise<Value> | Value): Promise<Value> {
  try {
    return await work();
  } catch (error) {
    throw asAdminError(error);
  }
}

/**
 * The desktop operations. A prepared client-setup change stays in the main process under a random
 * id: the window sees the diff and may only say "apply this one", never hand over file contents.
 */
export function createDesktopHandlers<Plan extends ClientSetupPlanLike>(options: {
  clientSetup: ClientSetupFunctions<Plan>;
  homeDir: string;
  /** The gateway's URL (running), or where it would listen. */
  endpoint(): string;
  appInfo(): AppInfo;
  preferences: PreferencesStore;
  now?: () => number;
}): DesktopHandlers {
  const now = options.now ?? Date.now;
  const plans = new Map<string, { plan: Plan; client: SetupClient; at: number }>();
  const forgetOld = () => {
    for (const [id, entry] of plans) if (now() - entry.at > planLifetimeMs) plans.delete(id);
  };

  return {
    async 'clientSetup.plan'({ client, apiKey, model }) {
      forgetOld();
      const plan = await refusing(() =>
        options.clientSetup.plan({
          client,
          gatewayUrl: options.endpoint(),
          apiKey,
          model,
          homeDir: options.homeDir,
        }),
      );
      const planId = randomUUID();
      plans.set(planId, { plan, client, at: now() });
      return {
        planId,
        client,
        path: plan.path,
        diff: plan.diff,
        notes: plan.notes ?? [],
        environmentVariables: Object.keys(plan.environment ?? {}),
      };
    },
    async 'clientSetup.apply'({ planId }) {
      forgetOld();
      const entry = plans.get(planId);
      if (!entry)
        throw new AdminError(
          404,
          'plan_not_found',
          'This change was not prepared here or has expired; prepare it again',
        );
      plans.delete(planId);
      const applied = await refusing(() => options.clientSetup.apply(entry.plan));
      return { path: applied.path, backupPath: applied.backupPath ?? null };
    },
    async 'clientSetup.restore'({ client }) {
      const result = await refusing(() => options.clientSetup.restore({ client, homeDir: options.homeDir }));
      return {
        path: result.path,
        restoredFrom: result.restoredFrom ?? null,
        removed: result.removed ?? false,
      };
    },
    async 'links.openExternal'({ url }) {
      if (!isSafeExternalUrl(url))
        throw new AdminError(
          400,
          'unsafe_url',
          'Only https links (without a user name or password) open outside the app',
        );
      await shell.openExternal(url);
      return null;
    },
    async 'endpoint.copy'({ protocol }) {
      const base = options.endpoint();
      const text = protocol === 'openai' ? `${base}/v1` : base;
      await clipboard.writeText(text);
      return { text };
    },
    'app.info': () => options.appInfo(),
    'preferences.get': () => options.preferences.get(),
    'preferences.update': ({ body }) => options.preferences.update(body),
  };
}
