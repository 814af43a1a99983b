import { describe, expect, it } from 'vitest';
import { createMetricSource } from './sources';

const context = { timeoutMs: 1000, log: () => {} };
const create = (values: Record<string, string>) => createMetricSource((name) => values[name] ?? '', context);

describe('choosing the metric source', () => {
  it('picks the source whose input is set', () => {
    expect(create({ 'canary-url': 'http://canary', 'baseline-url': 'http://stable' }).name).toBe('probe');
    expect(create({ 'prometheus-url': 'http://prom:9090', 'error-rate-query': 'e{track="{{track}}"}', 'latency-query': 'l{track="{{track}}"}' }).name).toBe('prometheus');
    expect(create({ 'metrics-command': 'datadog-counts --since-last' }).name).toBe('command');
  });

  it('refuses none or several, naming the input', () => {
    expect(() => create({})).toThrow(/^Input 'canary-url' is required, or prometheus-url, or metrics-command: canary-step needs one metric source/);
    expect(() => create({ 'canary-url': 'http://canary', 'metrics-command': 'x' })).toThrow(
      /^Input 'metrics-command' cannot be set together with canary-url: set exactly one of/,
    );
  });

  it('checks slow-threshold and probe-rate whichever source is chosen, so garbage is never silently ignored', () => {
    expect(() => create({ 'metrics-command': 'x', 'slow-threshold': 'fast' })).toThrow(/^Input 'slow-threshold' must be a latency above zero/);
    expect(() => create({ 'metrics-command': 'x', 'probe-rate': 'lots' })).toThrow(/^Input 'probe-rate' must be requests per second/);
  });
});
