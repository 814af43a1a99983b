import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanary, splitBucket } from './split';

interface Vector {
  id: string;
  salt: string;
  bucket: number;
  canaryAt: Record<number, boolean>;
}

/** The README's table is the specification other languages implement: test that very table. */
function readmeVectors(): Vector[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme.split('\n').filter((line) => /^\| `/.test(line));
  return rows.map((row) => {
    const cells = row.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ''));
    const [id = '', salt = '', , bucket = '', at10, at25, at50] = cells;
    return { id, salt, bucket: Number(bucket), canaryAt: { 10: at10 === 'yes', 25: at25 === 'yes', 50: at50 === 'yes' } };
  });
}

describe('split', () => {
  it('computes every README test vector', () => {
    const vectors = readmeVectors();
    expect(vectors.length).toBeGreaterThanOrEqual(8);
    for (const vector of vectors) {
      expect(splitBucket(vector.id, vector.salt), vector.id).toBe(vector.bucket);
      for (const percent of [10, 25, 50]) expect(isCanary(vector.id, percent, vector.salt), `${vector.id} at ${percent}%`).toBe(vector.canaryAt[percent]);
    }
  });

  it('never moves an id from canary back to stable when the percentage rises', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (id, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        if (isCanary(id, low)) expect(isCanary(id, high)).toBe(true);
      }),
    );
    const ids = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
    const at = (percent: number) => new Set(ids.filter((id) => isCanary(id, percent)));
    const [at10, at25, at50] = [at(10), at(25), at(50)];
    for (const id of at10) expect(at25.has(id) && at50.has(id)).toBe(true);
    for (const id of at25) expect(at50.has(id)).toBe(true);
  });

  it('sends about the percentage of ids to the canary, and exactly none or all at 0 % and 100 %', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `req-${i}`);
    for (const percent of [10, 25, 50]) {
      const share = ids.filter((id) => isCanary(id, percent)).length / ids.length;
      expect(Math.abs(share * 100 - percent)).toBeLessThan(1.5);
    }
    expect(ids.some((id) => isCanary(id, 0))).toBe(false);
    expect(ids.every((id) => isCanary(id, 100))).toBe(true);
  });

  it('gives a salted rollout an independent split', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
    const both = ids.filter((id) => isCanary(id, 50) && isCanary(id, 50, 'api-v2')).length / ids.length;
    expect(both).toBeGreaterThan(0.22);
    expect(both).toBeLessThan(0.28);
  });

  it('refuses a percentage outside 0–100', () => {
    expect(() => isCanary('x', 101)).toThrow(/0 to 100/);
    expect(() => isCanary('x', Number.NaN)).toThrow(/0 to 100/);
  });
});
