import { describe, expect, it } from 'vitest';
import { describePlan, isAnalysed, parseSteps } from './step-plan';

describe('parseSteps', () => {
  it('reads the release plans’ form, each step with its own pause or the interval', () => {
    const steps = parseSteps('10:5m, 25:10m,50:10m,100', 60_000);
    expect(steps).toEqual([
      { weight: 10, pauseMs: 300_000, explicitPause: true },
      { weight: 25, pauseMs: 600_000, explicitPause: true },
      { weight: 50, pauseMs: 600_000, explicitPause: true },
      { weight: 100, pauseMs: 60_000, explicitPause: false },
    ]);
    expect(steps.map((_, i) => isAnalysed(steps, i))).toEqual([true, true, true, false]);
    expect(describePlan(steps)).toBe('10% for 5m → 25% for 10m → 50% for 10m → 100%');
  });

  it('judges a final 100 % only when it has its own pause', () => {
    const steps = parseSteps('50,100:2m', 1000);
    expect(isAnalysed(steps, 1)).toBe(true);
  });

  it.each([
    ['10,10,100', /must rise step by step; 10 comes after 10/],
    ['0,100', /has weight 0/],
    ['10,101', /has weight 101/],
    ['10,50', /must end at 100/],
    ['10:soon,100', /has pause 'soon' at 10%/],
    ['ten,100', /'ten' is not a weight/],
  ])('refuses %s naming steps', (text, message) => {
    expect(() => parseSteps(text, 1000)).toThrow(message);
    expect(() => parseSteps(text, 1000)).toThrow(/^Input 'steps' /);
  });
});
