import type { IncomingMessage, ServerResponse } from 'node:http';

/** The deploy tooling and the app of the flow walks (test/flow-walk*.test.ts). */

/** The deploy tooling a team keeps in its repository; every script reads APPS_DIR from DEPLOY_ENV. */
export const DEPLOY_SCRIPTS: Record<string, string> = {
  // Deploys the code at <sha> to one instance: the version is what app.txt says at that commit.
  'deploy/point.mjs': `import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [instance, sha] = process.argv.slice(2);
if (!process.env.APPS_DIR || !instance || !/^[0-9a-f]{40}$/.test(sha ?? '')) { console.error('usage: point.mjs <instance> <sha>, with APPS_DIR'); process.exit(2); }
const version = execFileSync('git', ['show', sha + ':app.txt'], { encoding: 'utf8' }).trim();
writeFileSync(join(process.env.APPS_DIR, instance), version);
console.log(instance + ' now runs ' + version);
`,
  // The router: the canary's share of production traffic, every weight it was given logged.
  'deploy/router.mjs': `import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const weight = process.argv[2];
if (!process.env.APPS_DIR || !/^\\d+$/.test(weight ?? '')) { console.error('usage: router.mjs <weight>'); process.exit(2); }
appendFileSync(join(process.env.APPS_DIR, 'weights.log'), weight + '\\n');
writeFileSync(join(process.env.APPS_DIR, 'weight'), weight);
`,
  // Before a canary: a canary left at 100 % is the stable version now; then the new code goes
  // onto the canary instance at 0 %.
  'deploy/start-canary.mjs': `import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.env.APPS_DIR;
const read = (name) => { try { return readFileSync(join(dir, name), 'utf8').trim(); } catch { return ''; } };
if (read('weight') === '100') { writeFileSync(join(dir, 'stable'), read('canary')); writeFileSync(join(dir, 'weight'), '0'); }
execFileSync(process.execPath, ['deploy/point.mjs', 'canary', process.argv[2]], { stdio: 'inherit' });
`,
};

/** The app as each version behaves: v3 has a bug on /api/v1/quote that the smoke checks do not reach. */
export function serve(version: string, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('x-version', version);
  const path = (req.url ?? '/').split('?')[0];
  if (version === '') {
    res.statusCode = 503;
    res.end('nothing deployed');
  } else if (path === '/health') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'ok', version }));
  } else if (path === '/api/v1/quote' && version === 'v3') {
    res.statusCode = 500;
    res.end('quote: division by zero');
  } else {
    res.end(version);
  }
}
