import { describe, expect, it } from 'vitest';
import { parseRollbackSteps } from './rollback-steps';

describe('parseRollbackSteps', () => {
  it('takes weights going down to 0, with or without %', () => {
    expect(parseRollbackSteps('0')).toEqual({ steps: [0] });
    expect(parseRollbackSteps('50, 10%, 0')).toEqual({ steps: [50, 10, 0] });
    expect(parseRollbackSteps('100,0')).toEqual({ steps: [100, 0] });
  });

  it('refuses weights that go up, repeat, do not end at 0, or are not whole percentages', () => {
    expect(parseRollbackSteps('10,50,0')).toEqual({ problem: 'must go down step by step, like 50,10,0; 50 follows 10' });
    expect(parseRollbackSteps('50,50,0')).toEqual({ problem: 'must go down step by step, like 50,10,0; 50 follows 50' });
    expect(parseRollbackSteps('50,10')).toEqual({ problem: 'must end at 0 (all traffic back on stable), like 50,10,0; got 50,10' });
    expect(parseRollbackSteps('12.5,0')).toMatchObject({ problem: expect.stringContaining("'12.5' is not a whole percentage") });
    expect(parseRollbackSteps('150,0')).toMatchObject({ problem: expect.stringContaining("'150' is not a whole percentage") });
    expect(parseRollbackSteps('')).toMatchObject({ problem: expect.stringContaining("'' is not a whole percentage") });
  });
});
