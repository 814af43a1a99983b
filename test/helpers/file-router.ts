import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A command router for canary-step and rollback tests: it keeps the canary weight in
 * `<dir>/weight` (run with cwd = dir), prints it for `get` (0 before the first set), and refuses
 * to go back to 0 while `<dir>/refuse-zero` exists, like a cluster API that is down.
 */
const FILE_ROUTER = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const [what] = process.argv.slice(2);
if (what === 'get') { console.log(existsSync('weight') ? readFileSync('weight', 'utf8') : '0'); process.exit(0); }
if (what === '0' && existsSync('refuse-zero')) { console.error('connect ECONNREFUSED 10.0.0.1:6443'); process.exit(1); }
writeFileSync('weight', what);
`;

/** Writes the router into `dir` and returns the canary-step inputs that use it. */
export function installFileRouter(dir: string): { router: string; 'set-weight-command': string; 'get-weight-command': string } {
  const script = join(dir, 'router.mjs');
  writeFileSync(script, FILE_ROUTER);
  return { router: 'command', 'set-weight-command': `node ${script} {weight}`, 'get-weight-command': `node ${script} get` };
}

/** The weight the router last set in `dir`, or undefined if it was never called. */
export function routerWeight(dir: string): number | undefined {
  const file = join(dir, 'weight');
  return existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
}
