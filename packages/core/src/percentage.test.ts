import { describe, expect, it } from 'vitest';
import { formatPercentage, parsePercentage } from './percentage';

describe('parsePercentage', () => {
  it.each([
    ['0.5%', 0.005],
    ['1%', 0.01],
    ['0.005', 0.005],
    ['1', 1],
    ['100%', 1],
  ])('%s is %d', (text, fraction) => expect(parsePercentage(text)).toBeCloseTo(fraction, 12));

  it.each(['5', '150%', 'abc', '', '-1%', '1%%'])('refuses ambiguous or invalid %j', (text) => expect(parsePercentage(text)).toBeUndefined());

  it('formats fractions as percentages', () => {
    expect(formatPercentage(0.005)).toBe('0.5%');
    expect(formatPercentage(0.0123456)).toBe('1.23%');
    expect(formatPercentage(0)).toBe('0%');
  });
});
