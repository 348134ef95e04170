export { planClientSetup, type ClientSetupPlan } from './plan-client-setup.ts';
export { applyClientSetup, type AppliedClientSetup } from './apply-client-setup.ts';
export { restorePrevious, type RestoredClientSetup } from './restore-previous.ts';
export { clientSetupStatus, type ClientSetupStatus } from './client-setup-status.ts';
export { ClientSetupError, type ClientSetupErrorCode } from './client-setup-error.ts';
export { clientConfigPath } from './client-config-path.ts';
export { setupClients, type ClientSetupInput, type SetupClient } from './client-setup-input.ts';
export { codexKeyVariable, codexProviderId } from './edit-codex-config.ts';
