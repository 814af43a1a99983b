/**
 * Branch patterns, shell-glob style: `*` matches within one path segment (`hotfix/*` matches
 * `hotfix/y` but not `hotfix/a/b`), `**` matches across segments, `?` one character. Everything
 * else is literal (no `[...]` ranges; GitHub's workflow filters differ in those details).
 *
 * Matched by walking the pattern and the branch together, tracking every pattern position the
 * branch's prefix can have reached (a glob is a regular language): at most
 * (branch length + 1) × (pattern length + 1) steps, whatever the pattern. A RegExp built from the
 * glob backtracks exponentially on patterns like `**a**a**a**a**a**b`.
 */
export function branchPatternMatches(pattern: string, branch: string, work?: { steps: number }): boolean {
  const tokens = parseBranchPattern(pattern);
  const count = tokens.length;
  // reached[j]: the branch read so far can end just before tokens[j] (j === count: the whole pattern).
  let reached = new Uint8Array(count + 1);
  let next = new Uint8Array(count + 1);
  reached[0] = 1;
  skipEmptyStars(tokens, reached);
  for (const char of branch) {
    next.fill(0);
    let any = false;
    for (let j = 0; j < count; j++) {
      if (work) work.steps++;
      if (!reached[j]) continue;
      const token = tokens[j] as Token;
      if (!accepts(token, char)) continue;
      // A star may take more characters, so it stays where it is; anything else moves on.
      next[token.kind === 'literal' || token.kind === 'one' ? j + 1 : j] = 1;
      any = true;
    }
    if (!any) return false;
    skipEmptyStars(tokens, next);
    [reached, next] = [next, reached];
  }
  return reached[count] === 1;
}

type Token = { kind: 'literal'; char: string } | { kind: 'one' } | { kind: 'segment-star' } | { kind: 'any-star' };

function parseBranchPattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === '*' && chars[i + 1] === '*') {
      tokens.push({ kind: 'any-star' });
      i++;
    } else if (char === '*') tokens.push({ kind: 'segment-star' });
    else if (char === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'literal', char });
  }
  return tokens;
}

/** `?` and `*` never take a `/`; `**` takes anything but a line break (what `.` meant in the RegExp this replaced). */
function accepts(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.char === char;
    case 'one':
    case 'segment-star':
      return char !== '/';
    case 'any-star':
      return !LINE_BREAKS.has(char);
  }
}

const LINE_BREAKS = new Set(['\n', '\r', '\u2028', '\u2029']);

/** A star can match nothing: wherever one is reached, the position after it is reached too. */
function skipEmptyStars(tokens: Token[], reached: Uint8Array): void {
  for (let j = 0; j < tokens.length; j++) {
    const kind = (tokens[j] as Token).kind;
    if (reached[j] && (kind === 'segment-star' || kind === 'any-star')) reached[j + 1] = 1;
  }
}

/** `develop, hotfix/*` or one per line → the patterns; empty entries dropped. */
export function splitList(text: string, separators: RegExp = /[,\n]/): string[] {
  return text
    .split(separators)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
