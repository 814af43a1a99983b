import { describe, expect, it } from 'vitest';
import { parseWindow } from './delivery-window';

describe('the since window', () => {
  it('reads days, weeks and core durations', () => {
    expect(parseWindow('90d')).toBe(90 * 86_400_000);
    expect(parseWindow('12w')).toBe(84 * 86_400_000);
    expect(parseWindow('36h')).toBe(36 * 3_600_000);
    expect(parseWindow('ninety days')).toBeUndefined();
  });
});
