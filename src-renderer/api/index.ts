import { inject, type InjectionKey } from 'vue';
import {
  adminContract,
  adminHttpRoutes,
  createHttpClient,
  createIpcClient,
  desktopBridgeName,
  invokeThroughBridge,
  type AdminContract,
  type ContractClient,
  type DesktopBridge,
} from '../../src-shared/contract/index.ts';
import { createDesktopClient, type DesktopClient } from '../../src-shared/desktop/create-desktop-client.ts';
import { createHttpEventSource, createIpcEventSource, type AdminEventSource } from './events.ts';
import { createSessionToken, type SessionToken } from './session-token.ts';

export type AdminClient = ContractClient<AdminContract>;

/**
 * The one place that knows a transport. Everything else calls `client` (the typed contract) and
 * `events`, and cannot tell the desktop window (IPC) from a browser (HTTP + login).
 */
export interface AdminApi {
  readonly transport: 'ipc' | 'http';
  readonly client: AdminClient;
  readonly events: AdminEventSource;
  /**
   * What only the desktop app does (write Claude Code's and Codex's config files, copy the
   * endpoint, its preferences): present in the desktop window, absent in a browser.
   */
  readonly desktop?: DesktopClient;
  /** The browser's login token (unused over IPC, where the window is the local admin). */
  readonly session: SessionToken;
  /** Called when the gateway refuses the session (401 on a call or on the events): show the login. */
  onSessionEnded(listener: () => void): () => void;
}

export interface AdminApiOptions {
  /** The preload's bridge in the desktop window (`window.llmGateway`); absent in a browser. */
  bridge?: DesktopBridge;
  /** The gateway's origin for HTTP; `''` (the page's own origin) in the browser app. */
  baseUrl?: string;
  /** Where the login token survives a reload (sessionStorage). */
  storage?: Storage;
  fetch?: typeof fetch;
}

/** The preload's bridge if this page has one of the right shape. */
export function findDesktopBridge(scope: object = globalThis): DesktopBridge | undefined {
  const candidate = (scope as Record<string, unknown>)[desktopBridgeName] as
    Partial<DesktopBridge> | undefined;
  return typeof candidate?.admin === 'object' &&
    typeof candidate.streams === 'object' &&
    typeof candidate.subscribe === 'function'
    ? (candidate as DesktopBridge)
    : undefined;
}

/** IPC when the preload bridge exists, else HTTP: both give the same `ContractClient<AdminContract>`. */
export function createAdminApi(options: AdminApiOptions = {}): AdminApi {
  const session = createSessionToken(options.storage);
  const sessionListeners = new Set<() => void>();
  const endSession = () => {
    session.clear();
    for (const listener of [...sessionListeners]) listener();
  };
  const onSessionEnded = (listener: () => void) => {
    sessionListeners.add(listener);
    return () => sessionListeners.delete(listener);
  };
  const { bridge } = options;
  if (bridge)
    return {
      transport: 'ipc',
      client: createIpcClient(adminContract, invokeThroughBridge(bridge)),
      events: createIpcEventSource(bridge),
      desktop: createDesktopClient(invokeThroughBridge(bridge)),
      session,
      onSessionEnded,
    };
  const baseUrl = options.baseUrl ?? '';
  const getToken = () => session.get();
  return {
    transport: 'http',
    client: createHttpClient(adminContract, adminHttpRoutes, {
      baseUrl,
      getToken,
      onUnauthorized: endSession,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    events: createHttpEventSource({
      baseUrl,
      getToken,
      onUnauthorized: endSession,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    session,
    onSessionEnded,
  };
}

/** How the app provides its `AdminApi` (main.ts) and stores find it (`useAdminApi`). */
export const adminApiKey: InjectionKey<AdminApi> = Symbol('adminApi');

/** The app's `AdminApi`, inside a component or a setup store. */
export function useAdminApi(): AdminApi {
  const api = inject(adminApiKey);
  if (!api) throw new Error('No AdminApi provided: main.ts provides it with app.provide(adminApiKey, api)');
  return api;
}
