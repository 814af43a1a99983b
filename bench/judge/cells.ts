import type { Scenario } from './streams';

export interface Cell {
  cell: string;
  rps: number;
  baselineErrorRate: number;
  regression: string;
  /** "independent" for the plain grid; otherwise the stress being applied. */
  stress: string;
  trials: number;
  scenario: Scenario;
}

const nullTrials = 2000;
const regressionTrials = 500;
const rpsLevels = [20, 100, 1000];
const lowRpsLevels = [1, 5];
const errorLevels = [0.001, 0.005, 0.02];
const regressions = [
  { name: 'errors x1.5', errorFactor: 1.5, latencyFactor: 1 },
  { name: 'errors x2', errorFactor: 2, latencyFactor: 1 },
  { name: 'errors x5', errorFactor: 5, latencyFactor: 1 },
  { name: 'p99 +20%', errorFactor: 1, latencyFactor: 1.2 },
  { name: 'p99 +50%', errorFactor: 1, latencyFactor: 1.5 },
];

const plain = { errorFactor: 1, latencyFactor: 1, incident: false, errorClusterMean: 1, slowClusterMean: 1, heavierMix: false, splitSkew: false };

export function allCells(trialScale: number): Cell[] {
  const trials = (n: number) => Math.max(20, Math.round(n * trialScale));
  const cells: Cell[] = [];
  const id = (rps: number, err: number) => `${rps}rps/${Number((err * 100).toPrecision(2))}%`;
  for (const rps of rpsLevels) {
    for (const err of errorLevels) {
      cells.push({
        cell: `${id(rps, err)}/none`, rps, baselineErrorRate: err, regression: 'none', stress: 'independent',
        trials: trials(nullTrials), scenario: { ...plain, rps, baselineErrorRate: err },
      });
    }
  }
  // Low traffic: a handful of requests a poll, most polls without an error.
  for (const rps of lowRpsLevels) {
    for (const err of errorLevels) {
      cells.push({
        cell: `${id(rps, err)}/none`, rps, baselineErrorRate: err, regression: 'none', stress: 'low traffic',
        trials: trials(nullTrials), scenario: { ...plain, rps, baselineErrorRate: err },
      });
    }
  }
  const stresses = [
    { stress: 'shared incident', change: { incident: true } },
    { stress: 'errors clustered, mean 2', change: { errorClusterMean: 2 } },
    { stress: 'errors clustered, mean 3', change: { errorClusterMean: 3 } },
    { stress: 'errors and slow clustered, mean 3', change: { errorClusterMean: 3, slowClusterMean: 3 } },
    { stress: 'heavier request mix, slow x1.09', change: { heavierMix: true } },
    { stress: 'split skew ±20%', change: { splitSkew: true } },
  ];
  for (const { stress, change } of stresses) {
    cells.push({
      cell: `100rps/0.5%/none/${stress}`, rps: 100, baselineErrorRate: 0.005, regression: 'none', stress,
      trials: trials(nullTrials), scenario: { ...plain, ...change, rps: 100, baselineErrorRate: 0.005 },
    });
  }
  for (const rps of rpsLevels) {
    for (const err of errorLevels) {
      for (const r of regressions) {
        cells.push({
          cell: `${id(rps, err)}/${r.name}`, rps, baselineErrorRate: err, regression: r.name, stress: 'independent',
          trials: trials(regressionTrials),
          scenario: { ...plain, rps, baselineErrorRate: err, errorFactor: r.errorFactor, latencyFactor: r.latencyFactor },
        });
      }
    }
  }
  return cells;
}
