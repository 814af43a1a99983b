import { describe, expect, it } from 'vitest';
import { DispersionEstimate, chiSquareQuantile } from './dispersion';

describe('chiSquareQuantile', () => {
  it('is close to tabulated χ² quantiles', () => {
    expect(chiSquareQuantile(10, 2.326)).toBeCloseTo(23.21, 0); // χ²(10) 99th percentile
    expect(chiSquareQuantile(50, 1.645)).toBeCloseTo(67.5, 0); // χ²(50) 95th percentile
  });
});

describe('DispersionEstimate', () => {
  it('computes Pearson χ² / dof around the pooled rate', () => {
    const d = new DispersionEstimate();
    d.add(2, 100);
    d.add(6, 100);
    // rate 0.04, expected 4 each: ((2-4)² + (6-4)²) / 4 / 1 = 2
    expect(d.pearsonRatio()).toBeCloseTo(2, 12);
  });

  it('does not temper counts that vary only as chance does', () => {
    const d = new DispersionEstimate();
    for (const e of [4, 6, 5, 3, 5, 7, 4, 6, 5, 5]) d.add(e, 1000);
    expect(d.temper()).toBe(1);
  });

  it('tempers clustered counts by their dispersion', () => {
    const d = new DispersionEstimate();
    for (const e of [0, 15, 0, 3, 12, 0, 0, 18, 1, 0, 9, 0]) d.add(e, 1000);
    expect(d.temper()).toBeGreaterThan(4);
    expect(d.temper()).toBeCloseTo(d.pearsonRatio()!, 12);
  });
});
