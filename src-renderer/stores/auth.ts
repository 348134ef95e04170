import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LoginInput, SessionToken, SetupInput } from '../../src-shared/schemas/auth.ts';
import { useAdminApi } from '../api/index.ts';

/**
 * Who is managing the gateway. In a browser: the admin's login (first-run setup or login), its
 * token kept by the api layer; in the desktop window there is no login (`needsLogin` is false).
 */
export const useAuthStore = defineStore('auth', () => {
  const api = useAdminApi();
  const needsLogin = api.transport === 'http';
  const token = ref(api.session.get());
  /** Undefined until `loadStatus` answered. */
  const needsSetup = ref<boolean>();
  /** Set when the gateway ended the session (the login page says so). */
  const sessionEnded = ref(false);
  const signedIn = computed(() => !needsLogin || token.value !== undefined);

  api.onSessionEnded(() => {
    token.value = undefined;
    sessionEnded.value = true;
  });

  function accept(session: SessionToken): void {
    api.session.set(session.token, session.expiresAt);
    token.value = session.token;
    sessionEnded.value = false;
    needsSetup.value = false;
  }

  let statusInFlight: Promise<boolean> | undefined;
  /** Whether the gateway still needs its first admin; a call while one is on its way shares it. */
  function loadStatus(): Promise<boolean> {
    statusInFlight ??= api.client.auth
      .status({})
      .then((status) => (needsSetup.value = status.needsSetup))
      .finally(() => (statusInFlight = undefined));
    return statusInFlight;
  }

  async function setup(input: SetupInput): Promise<void> {
    accept(await api.client.auth.setup({ body: input }));
  }

  async function login(input: LoginInput): Promise<void> {
    accept(await api.client.auth.login({ body: input }));
  }

  /** End this admin's sessions on the gateway, and this tab's in any case. */
  async function logout(): Promise<void> {
    try {
      await api.client.auth.logout({});
    } finally {
      api.session.clear();
      token.value = undefined;
    }
  }

  return { needsLogin, needsSetup, sessionEnded, signedIn, loadStatus, setup, login, logout };
});
