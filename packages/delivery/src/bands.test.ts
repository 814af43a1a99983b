import { describe, expect, it } from 'vitest';
import { changeFailureRateBand, deploymentFrequencyBand, leadTimeBand, recoveryTimeBand } from './bands';

// Each band includes its lower edge (DORA 2024 levels, see bands.ts).
describe('DORA bands at their edges', () => {
  it('deployment frequency: 1/day elite, 1/week high, 1/30 days medium', () => {
    expect(deploymentFrequencyBand(1)).toBe('elite');
    expect(deploymentFrequencyBand(0.999)).toBe('high');
    expect(deploymentFrequencyBand(1 / 7)).toBe('high');
    expect(deploymentFrequencyBand(1 / 7 - 0.001)).toBe('medium');
    expect(deploymentFrequencyBand(1 / 30)).toBe('medium');
    expect(deploymentFrequencyBand(1 / 30 - 0.001)).toBe('low');
    expect(deploymentFrequencyBand(0)).toBe('low');
  });
  it('lead time: under 24 h elite, under a week high, under 30 days medium', () => {
    expect(leadTimeBand(23.99)).toBe('elite');
    expect(leadTimeBand(24)).toBe('high');
    expect(leadTimeBand(167.99)).toBe('high');
    expect(leadTimeBand(168)).toBe('medium');
    expect(leadTimeBand(719.99)).toBe('medium');
    expect(leadTimeBand(720)).toBe('low');
  });
  it('change failure rate: at most 5 % elite, 10 % high, 20 % medium', () => {
    expect(changeFailureRateBand(0)).toBe('elite');
    expect(changeFailureRateBand(0.05)).toBe('elite');
    expect(changeFailureRateBand(0.0501)).toBe('high');
    expect(changeFailureRateBand(0.1)).toBe('high');
    expect(changeFailureRateBand(0.2)).toBe('medium');
    expect(changeFailureRateBand(0.2001)).toBe('low');
    expect(changeFailureRateBand(1)).toBe('low');
  });
  it('recovery time: under an hour elite, under a day high, under a week medium', () => {
    expect(recoveryTimeBand(0.99)).toBe('elite');
    expect(recoveryTimeBand(1)).toBe('high');
    expect(recoveryTimeBand(24)).toBe('medium');
    expect(recoveryTimeBand(168)).toBe('low');
  });
});
