export { type MetricSource, type MetricReading, type ArmReading, type MetricContext, readingToPoll } from './metric-source';
export { metricSources, createMetricSource, type MetricSourceDefinition } from './sources';
export { LatencyCut } from './latency-cut';
export { createProbeSource, parseProbeRate, type ProbeSourceOptions } from './probe-source';
export { createPrometheusSource, CALIBRATION_WINDOW_MS, type PrometheusSourceOptions } from './prometheus-source';
export { createCommandSource } from './command-source';
export { bucketQuantile, countAbove, boundaryAtOrAbove, type Bucket } from './histogram';
