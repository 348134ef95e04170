import { randomUUID } from 'node:crypto';
import { clipboard, shell } from 'electron';
import { AdminError } from '../../src-gateway/lib/admin-error.ts';
import type { AppInfo, SetupClient } from '../../src-shared/desktop/desktop-operations.ts';
import type { PreferencesStore } from '../preferences/open-preferences.ts';
import { isSafeExternalUrl } from '../window/is-safe-external-url.ts';
import type { DesktopHandlers } from './register-desktop-ipc.ts';

/** A prepared change as the client-setup writer answers it (what else it holds is its business). */
export interface ClientSetupPlanLike {
  path: string;
  /** For display, the key masked. */
  diff: string;
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
  apply(plan: Plan): Promise<unknown> | unknown;
  restore(input: { client: SetupClient; homeDir: string }): Promise<unknown> | unknown;
}

/** Prepared changes wait this long for "apply", then must be prepared again. */
const planLifetimeMs = 10 * 60_000;

/** The client-setup writer's refusal (a malformed file, a file changed since planning) as a 409 it can show. */
function asAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  return new AdminError(409, 'client_setup_failed', error instanceof Error ? error.message : String(error));
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
      const plan = await Promise.resolve(
        options.clientSetup.plan({
          client,
          gatewayUrl: options.endpoint(),
          apiKey,
          model,
          homeDir: options.homeDir,
        }),
      ).catch((error: unknown) => {
        throw asAdminError(error);
      });
      const planId = randomUUID();
      plans.set(planId, { plan, client, at: now() });
      return { planId, client, path: plan.path, diff: plan.diff };
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
      await Promise.resolve(options.clientSetup.apply(entry.plan)).catch((error: unknown) => {
        throw asAdminError(error);
      });
      return { path: entry.plan.path };
    },
    async 'clientSetup.restore'({ client }) {
      const result = await Promise.resolve(
        options.clientSetup.restore({ client, homeDir: options.homeDir }),
      ).catch((error: unknown) => {
        throw asAdminError(error);
      });
      const path = (result as { path?: unknown } | undefined)?.path;
      return { path: typeof path === 'string' ? path : null };
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
