import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run-action';

const cli = join(repoRoot, 'dist', 'cli', 'index.js');

/** Runs the built demo as `npm run demo` does, outside Actions (no GitHub variables). */
function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_') && k !== 'RUNNER_TEMP'));
  const child = spawn(process.execPath, [cli, 'demo'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // SIGINT, as a user's Ctrl-C: the demo stops its apps and proxy before it exits.
  const timer = setTimeout(() => child.kill('SIGINT'), 110_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => true,
    () => false,
  );

describe('npm run demo (the built CLI)', () => {
  let demoDir: string | undefined;
  afterAll(() => {
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  });

  it('runs every stage of the flow, says what each did, keeps its records file and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo();
    const recordsFile = /records in (\S+records\.json)/.exec(stdout)?.[1];
    if (recordsFile) demoDir = dirname(recordsFile);
    expect(stderr).toBe('');
    expect(stdout).toContain('All stages behaved as expected');
    expect(code).toBe(0);

    const stageLines = stdout.split('\n').filter((line) => /^[✔✘-] \d+\. /.test(line));
    expect(stageLines).toHaveLength(12);
    expect(stageLines.every((line) => line.startsWith('✔'))).toBe(true);
    const stage = (n: number) => stageLines[n - 1] ?? '';
    expect(stage(1)).toMatch(/v1 runs in production, behind the weighted proxy: deployment #\d+ success/);
    expect(stage(2)).toMatch(/deploy v2 to staging: deployment #\d+ success/);
    expect(stage(3)).toMatch(/smoke-test v2 on staging: passed=true/);
    expect(stage(4)).toMatch(/gate: promote main's merge of v2 .*validated=true/);
    expect(stage(5)).toMatch(/canary v2 in production .*\): promoted: .* carries all traffic after 3 steps.*users saw v1 \d+, v2 \d+; v2 is now the stable release/);
    expect(stage(6)).toMatch(/deploy v3 to staging: deployment #\d+ success/);
    expect(stage(7)).toMatch(/smoke-test v3 on staging: passed=true/);
    expect(stage(8)).toMatch(/gate: promote main's merge of v3 .*validated=true/);
    expect(stage(9)).toMatch(/canary v3 in production, aborted by the judge: aborted at step 1\/3 \(25%\), traffic back on stable: .*; the proxy's canary weight is 0 %; users saw v2 \d+/);
    expect(stage(10)).toMatch(/rollback: restore v2 in production: deployment #\d+ success .*; 20 of 20 page views answered by v2/);
    expect(stage(11)).toMatch(/gate: try to promote v3 again: refused as expected: quarantine: .* was rolled back in production/);
    expect(stage(12)).toContain('nothing left in progress: every deployment has a final status');

    // The path it printed is there after it exits (it once printed a file it had just deleted).
    expect(recordsFile && existsSync(recordsFile)).toBe(true);
    const records = JSON.parse(readFileSync(recordsFile as string, 'utf8')) as { deployments: { environment: string; payload: { shipgate: { kind: string } } }[] };
    const production = records.deployments.filter((d) => d.environment === 'production').map((d) => d.payload.shipgate.kind);
    expect(production.sort()).toEqual(['canary', 'canary', 'deploy', 'rollback']);
    // The final table lists the same deployments.
    expect(stdout).toMatch(/production\s+rollback\s+v2\s+[0-9a-f]{7}\s+success/);
    expect(stdout).toMatch(/production\s+canary\s+v3\s+[0-9a-f]{7}\s+failure\s+shipgate: rolled back/);

    // Nothing keeps running: no app answers on the ports the demo printed, no pid file is left.
    const urls = [...stdout.matchAll(/(?:reach it at|healthy at) (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] as string);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(await answers(url)).toBe(false);
    expect(readdirSync(demoDir as string).filter((file) => file.endsWith('.pid'))).toEqual([]);
  }, 125_000);
});
