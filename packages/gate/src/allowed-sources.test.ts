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
  ])('%s vs %s → %s', (pattern, branch, expected) => {
    expect(branchPatternMatches(pattern, branch)).toBe(expected);
  });
});

describe('splitList', () => {
  it('splits on commas and newlines and drops blanks, keeping spaces inside names', () => {
    expect(splitList('develop, hotfix/*\n\n release/* ,')).toEqual(['develop', 'hotfix/*', 'release/*']);
    expect(splitList('shipgate/smoke-test (staging), ci/build')).toEqual(['shipgate/smoke-test (staging)', 'ci/build']);
  });
});
