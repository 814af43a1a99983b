#!/usr/bin/env node
// CI rebuilds dist/ before this runs: any difference from the committed bundles means the
// commit's dist/ does not match its source. `git status --porcelain` also sees new chunk files.
import { execFileSync } from 'node:child_process';

const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist/'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error('::error::dist/ differs from a fresh build; run `npm run build` and commit dist/:\n' + changed);
  process.exit(1);
}
console.log('dist/ matches the source');
