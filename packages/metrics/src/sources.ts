import { InputError, type InputSource } from '@shipgate/core';
import { createCommandSource } from './command-source';
import type { MetricContext, MetricSource } from './metric-source';
import { createProbeSource, parseProbeRate } from './probe-source';
import { slowThreshold } from './slow-threshold';
import { createPrometheusSource } from './prometheus-source';

export interface MetricSourceDefinition {
  name: string;
  /** The input whose presence chooses this source. */
  chosenBy: string;
  create(inputs: InputSource, context: MetricContext): MetricSource;
}

/** Every metric source; a new one is one file plus one line here. */
export const metricSources: readonly MetricSourceDefinition[] = [
  { name: 'probe', chosenBy: 'canary-url', create: (inputs, context) => createProbeSource(inputs, context) },
  { name: 'prometheus', chosenBy: 'prometheus-url', create: (inputs, context) => createPrometheusSource(inputs, context) },
  { name: 'command', chosenBy: 'metrics-command', create: createCommandSource },
];

/** The one source whose input is set (canary-url, prometheus-url or metrics-command). */
export function createMetricSource(inputs: InputSource, context: MetricContext): MetricSource {
  const chosen = metricSources.filter((source) => inputs(source.chosenBy) !== '');
  const choices = metricSources.map((source) => `${source.chosenBy} (${source.name})`).join(', ');
  if (chosen.length === 0) {
    throw new InputError('is required, or prometheus-url, or metrics-command: canary-step needs one metric source to judge the canary (canary-url with baseline-url sends probes)', 'canary-url');
  }
  if (chosen.length > 1) {
    const names = chosen.map((source) => source.chosenBy);
    throw new InputError(`cannot be set together with ${names.slice(0, -1).join(', ')}: set exactly one of ${choices}`, names.at(-1));
  }
  // Checked whichever source is chosen: a value that would be ignored is still a mistake to say.
  slowThreshold(inputs);
  const rate = inputs('probe-rate');
  if (rate !== '' && parseProbeRate(rate) === undefined) {
    throw new InputError(`must be requests per second to each URL, like 10/s or 600/m (at most 1000/s); got '${rate.slice(0, 40)}'`, 'probe-rate');
  }
  return (chosen[0] as MetricSourceDefinition).create(inputs, context);
}
