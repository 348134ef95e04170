export {
  createAlertNotifier,
  type AlertNotifier,
  type AlertNotifierOptions,
  type BudgetExhaustedInput,
  type HealthStateChangeInput,
} from './create-alert-notifier.ts';
export type { AlertEvent } from './alert-event.ts';
export { alertSecretReference, secretHeaderMask, parseSecretHeader } from './alert-secret.ts';
export { alertWebhookReference, maskWebhookUrl } from './alert-webhook-url.ts';
export { protectAlertWebhookUrl } from './protect-alert-webhook-url.ts';
