/**
 * Branch patterns, shell-glob style: `*` matches within one path segment (`hotfix/*` matches
 * `hotfix/y` but not `hotfix/a/b`), `**` matches across segments, `?` one character. Everything
 * else is literal (no `[...]` ranges; GitHub's workflow filters differ in those details).
 */
export function branchPatternMatches(pattern: string, branch: string): boolean {
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

/** `develop, hotfix/*` or one per line → the patterns; empty entries dropped. */
export function splitList(text: string, separators: RegExp = /[,\n]/): string[] {
  return text
    .split(separators)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
