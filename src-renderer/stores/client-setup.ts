import { defineStore } from 'pinia';
import type { SetupClient } from '../../src-shared/client-recipes.ts';
import type { DesktopClient } from '../../src-shared/desktop/create-desktop-client.ts';
import type { ClientSetupPlan, DesktopOutput } from '../../src-shared/desktop/desktop-operations.ts';
import { useAdminApi } from '../api/index.ts';

/**
 * The desktop app's one-click setup of Claude Code and Codex CLI: prepare the change (shown as a
 * diff, the key masked), write it (a backup of the previous file is kept), put the previous file
 * back. Only in the desktop window (`available`); a browser has the copy-paste recipes instead.
 */
export const useClientSetupStore = defineStore('clientSetup', () => {
  const api = useAdminApi();
  const available = api.desktop !== undefined;
  const desktop = (): DesktopClient => {
    if (!api.desktop) throw new Error('One-click client setup exists only in the desktop app');
    return api.desktop;
  };

  const plan = (input: { client: SetupClient; apiKey: string; model: string }): Promise<ClientSetupPlan> =>
    desktop()['clientSetup.plan'](input);
  const apply = (planId: string): Promise<DesktopOutput<'clientSetup.apply'>> =>
    desktop()['clientSetup.apply']({ planId });
  const restore = (client: SetupClient): Promise<DesktopOutput<'clientSetup.restore'>> =>
    desktop()['clientSetup.restore']({ client });

  return { available, plan, apply, restore };
});
