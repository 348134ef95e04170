export {
  createAlertNotifier,
  type AlertNotifier,
  type AlertNotifierOptions,
  type BudgetExhaustedInput,
  type HealthStateChangeInput,
} from './create-alert-notifier.ts';
export type { AlertEvent } from './alert-event.ts';
export { alertSecretReference, secretHeaderMask, parseSecretHeader } from './alert-secret.ts';
