import type { Repositories } from './storage/index.ts';
import type { CatalogService } from './catalog/create-catalog-service.ts';
import type { HealthMonitor } from './health/create-health-monitor.ts';
import type { AlertNotifier } from './alerts/create-alert-notifier.ts';
import type { AuthService } from './auth/create-auth-service.ts';
import type { UsageFeature } from './usage/create-usage-feature.ts';
import type { ConfigSnapshot } from './config-snapshot/snapshot.ts';
import type { Gateway } from './index.ts';

/**
 * A gateway's parts behind the admin contract, for tests only: what they arrange or wait for that
 * no client can (pin the health scheduler's clock, flush the log queue now, read the decrypted
 * snapshot, inspect a key's limiter). `createGateway` hands out only the contract (`gateway.admin`)
 * and its events, so the desktop main process and the CLI cannot bypass the service; this handle
 * is how a test still reaches in. The architecture test lets no `src-*` file but
 * `src-gateway/index.ts` import this module.
 */
export interface GatewayInternals {
  readonly repositories: Repositories;
  readonly catalog: CatalogService;
  /** Persistent monitoring: the scheduler (`tick`, `idle`) and run-now. */
  readonly health: HealthMonitor;
  /** The alert webhook (`idle()` waits for deliveries; `budgetExhausted` sends one). */
  readonly alerts: AlertNotifier;
  readonly auth: AuthService;
  /** Limits, budgets, usage rollups, request-log retention and metrics. */
  readonly usage: UsageFeature;
  /** The current in-memory configuration, decrypted keys included. */
  snapshot(): ConfigSnapshot;
  /** Write queued request logs and usage rollups now instead of at the next flush. */
  flushLogs(): void;
}

/** Keyed by the gateway object: a gateway nobody references takes its internals with it. */
const internalsOf = new WeakMap<object, GatewayInternals>();

/** createGateway's side: remember the parts of the gateway it returns. */
export function attachGatewayInternals(gateway: object, internals: GatewayInternals): void {
  internalsOf.set(gateway, internals);
}

/** The test handle of a gateway `createGateway` made. */
export function gatewayInternals(gateway: Gateway): GatewayInternals {
  const internals = internalsOf.get(gateway);
  if (!internals) throw new Error('Not a gateway made by createGateway');
  return internals;
}
