import type { DeliveryMetrics } from './delivery-metrics';

/** Outputs are strings: a figure rounded to `decimals` without trailing zeros, or '' when there is none. */
export const figure = (value: number | undefined, decimals: number): string => (value === undefined ? '' : String(Number(value.toFixed(decimals))));

/** Decimals of the outputs; the job summary prints the same, and the bands are read from the rounded value. */
export const OUTPUT_DECIMALS = { perDay: 4, hours: 2, rate: 4 } as const;

/** The action's outputs (CONTRACT.md, delivery-metrics), by name. */
export function deliveryOutputs(metrics: DeliveryMetrics): Record<string, string> {
  return {
    'deployment-frequency': figure(metrics.deploymentFrequency.perDay, OUTPUT_DECIMALS.perDay),
    'lead-time-median-hours': figure(metrics.leadTime.medianHours, OUTPUT_DECIMALS.hours),
    'lead-time-p90-hours': figure(metrics.leadTime.p90Hours, OUTPUT_DECIMALS.hours),
    'change-failure-rate': figure(metrics.changeFailureRate.rate, OUTPUT_DECIMALS.rate),
    'recovery-time-median-hours': figure(metrics.recoveryTime.medianHours, OUTPUT_DECIMALS.hours),
    'rollback-frequency': figure(metrics.rollbackFrequency.perWeek, 4),
    'deployment-success-rate': figure(metrics.deploymentSuccessRate.rate, 4),
    bands: JSON.stringify(deliveryBands(metrics)),
  };
}

/** metric → band, for the four DORA figures that have a value (success rate and rollback frequency have no DORA band). */
export function deliveryBands(metrics: DeliveryMetrics): Record<string, string> {
  const bands: Record<string, string | undefined> = {
    'deployment-frequency': metrics.deploymentFrequency.band,
    'lead-time': metrics.leadTime.band,
    'change-failure-rate': metrics.changeFailureRate.band,
    'recovery-time': metrics.recoveryTime.band,
  };
  return Object.fromEntries(Object.entries(bands).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
