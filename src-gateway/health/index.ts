export {
  createHealthMonitor,
  type HealthMonitor,
  type HealthMonitorOptions,
} from './create-health-monitor.ts';
export { createHealthQueries, type HealthQueries } from './health-queries.ts';
export { createHealthTargetService, type HealthTargetService } from './health-target-service.ts';
export { createHealthScheduler, type HealthScheduler } from './health-scheduler.ts';
export { computeHealthState, nearestRankPercentile, availability, downErrorRate } from './health-status.ts';
export { ensureMonitoringKey, monitoringKeyName } from './monitoring-key.ts';
