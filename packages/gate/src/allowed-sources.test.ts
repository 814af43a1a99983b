import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchPatternMatches, splitList } from './allowed-sources';

describe('branchPatternMatches', () => {
  it.each([
    ['develop', 'develop', true],
    ['develop', 'develop2', false],
    ['hotfix/*', 'hotfix/y', true],
    ['hotfix/*', 'hotfix/a/b', false],
    ['hotfix/**', 'hotfix/a/b', true],
    ['hotfix/*', 'feature/hotfix/y', false],
    ['release/v?', 'release/v1', true],
    ['release/1.*', 'release/1x2', false],
    ['release/1.*', 'release/1.2', true],
    ['**/fix', 'a/b/fix', true],
    ['*', '', true],
    ['?', '', false],
    ['a***b', 'a/x/yb', true],
  ])('%s vs %s → %s', (pattern, branch, expected) => {
    expect(branchPatternMatches(pattern, branch)).toBe(expected);
  });

  it('means what the RegExp it replaced meant (generated patterns and branches)', () => {
    const char = fc.constantFrom('a', 'b', '/', '.', '*', '?', '(', '\\', '\n');
    fc.assert(
      fc.property(fc.string({ unit: char, maxLength: 8 }), fc.string({ unit: char, maxLength: 10 }), (pattern, branch) => {
        expect(branchPatternMatches(pattern, branch)).toBe(regexpReference(pattern, branch));
      }),
      { numRuns: 5_000 },
    );
  });

  it('does work proportional to pattern × branch on a pattern that made the RegExp backtrack for minutes', () => {
    const pattern = `${'**a'.repeat(12)}**b`;
    const branch = 'a'.repeat(5_000);
    const work = { steps: 0 };
    expect(branchPatternMatches(pattern, branch, work)).toBe(false);
    expect(work.steps).toBeLessThanOrEqual((branch.length + 1) * (pattern.length + 1));
    expect(branchPatternMatches(pattern, `${branch}b`)).toBe(true);
  });
});

/** The former implementation (a RegExp built from the glob): exponential on some patterns, so only small inputs. */
function regexpReference(pattern: string, branch: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(branch);
}

describe('splitList', () => {
  it('splits on commas and newlines and drops blanks, keeping spaces inside names', () => {
    expect(splitList('develop, hotfix/*\n\n release/* ,')).toEqual(['develop', 'hotfix/*', 'release/*']);
    expect(splitList('shipgate/smoke-test (staging), ci/build')).toEqual(['shipgate/smoke-test (staging)', 'ci/build']);
  });
});
