import type { HealthState } from '../../src-shared/schemas/public-health.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { AlertEvent } from './alert-event.ts';
import { parseSecretHeader } from './alert-secret.ts';

export interface AlertNotifierOptions {
  getSettings(): Settings;
  /** The stored `alerts.webhookUrl` (from the secret store; settings hold only its mask). */
  getWebhookUrl(): Promise<string | undefined>;
  /** The stored `alerts.secretHeader` (from the secret store), if any. */
  getSecretHeader(): Promise<string | undefined>;
  clock: Clock;
  logger: Logger;
  /** Pauses before each retry; its length is the number of retries (default 2 s, 10 s, 30 s). */
  retryDelaysMs?: number[];
  /** Per delivery attempt (default 10 s). */
  timeoutMs?: number;
  /** A key's budget alert is sent at most once in this span (default 1 h). */
  budgetRepeatMs?: number;
}

export interface BudgetExhaustedInput {
  id: string;
  name: string;
  budgetUsd?: number;
  budgetPeriod?: 'day' | 'month' | 'total';
  spentUsd?: number;
}

export interface HealthStateChangeInput {
  target: { id: string; name: string; type: 'model' | 'virtual-model' };
  from: HealthState;
  to: HealthState;
  errorRate1h: number | null;
  lastError: { type: string; message: string } | null;
}

export interface AlertNotifier {
  /** A health target changed state. Fire and forget; delivery retries in the background. */
  healthStateChanged(change: HealthStateChangeInput): void;
  /**
   * A key ran out of budget: for admission (admission/) to report when it refuses a
   * request for that reason. Repeated calls for one key are collapsed.
   */
  budgetExhausted(key: BudgetExhaustedInput): void;
  /** Resolves when every delivery started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** Statuses worth trying again: the receiver is busy or broken, not refusing us. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Alerts go to one webhook (`alerts.webhookUrl`, kept in the secret store) as a
 * JSON POST, with the optional secret header. Nothing is sent when no URL is set.
 */
export function createAlertNotifier(options: AlertNotifierOptions): AlertNotifier {
  const retryDelaysMs = options.retryDelaysMs ?? [2000, 10_000, 30_000];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const budgetRepeatMs = options.budgetRepeatMs ?? 60 * 60 * 1000;
  const lastBudgetAlert = new Map<string, number>();
  const deliveries = new Set<Promise<void>>();

  async function attempt(
    url: string,
    body: string,
    headers: Record<string, string>,
    type: AlertEvent['type'],
  ): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return true;
      if (!retryable(response.status)) {
        options.logger.warn({ status: response.status, type }, 'alert webhook refused the alert');
        return true;
      }
    } catch (error) {
      options.logger.debug({ err: error }, 'alert webhook attempt failed');
    }
    return false;
  }

  async function deliver(event: AlertEvent): Promise<void> {
    if (options.getSettings().alerts.webhookUrl === undefined) return;
    const url = await options.getWebhookUrl();
    if (!url) {
      options.logger.warn(
        { type: event.type },
        'alert webhook URL missing from the secret store; alert dropped',
      );
      return;
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'llm-gateway-alerts',
    };
    const secret = await options.getSecretHeader();
    if (secret) {
      const header = parseSecretHeader(secret);
      headers[header.name] = header.value;
    }
    const body = JSON.stringify(event);
    for (let index = 0; index <= retryDelaysMs.length; index++) {
      if (index > 0) await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[index - 1]));
      if (await attempt(url, body, headers, event.type)) return;
    }
    options.logger.warn({ type: event.type }, 'alert webhook unreachable; alert dropped');
  }

  function send(event: AlertEvent): void {
    const delivery = deliver(event)
      .catch((error: unknown) => options.logger.error({ err: error }, 'alert delivery failed'))
      .finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  const at = () => new Date(options.clock.now()).toISOString();

  return {
    healthStateChanged(change) {
      send({ type: 'health.state_changed', at: at(), ...change });
    },
    budgetExhausted(key) {
      const now = options.clock.now();
      const last = lastBudgetAlert.get(key.id);
      if (last !== undefined && now - last < budgetRepeatMs) return;
      lastBudgetAlert.set(key.id, now);
      send({
        type: 'key.budget_exhausted',
        at: at(),
        key: { id: key.id, name: key.name },
        budgetUsd: key.budgetUsd ?? null,
        budgetPeriod: key.budgetPeriod ?? null,
        spentUsd: key.spentUsd ?? null,
      });
    },
    async idle() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },
  };
}
