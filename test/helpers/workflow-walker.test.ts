import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHistory } from './git-history';
import { scratchDir } from './run-action';
import { WorkflowWalker, type WalkOptions } from './workflow-walker';

// The walker's own semantics, on small workflows written for the purpose: what flow-walk.test.ts
// relies on when it walks the real ones.

const CHECKOUT = `actions/checkout@${'1'.repeat(40)}`;

const CALLED = `
on:
  workflow_call:
    inputs:
      name: { type: string, required: true }
      flag: { type: boolean, default: false }
      count: { type: number, default: 3 }
    secrets:
      TOKEN: { required: false }
    outputs:
      greeting: { value: '\${{ jobs.second.outputs.greeting }}' }
permissions: {}
env:
  LEVEL: workflow
jobs:
  first:
    runs-on: ubuntu-24.04
    permissions: { contents: read }
    env:
      LEVEL: job
    outputs:
      word: \${{ steps.say.outputs.word }}
    steps:
      - uses: ${CHECKOUT}
      - run: echo "FROM_FILE=set by an earlier step" >> "$GITHUB_ENV"
      - id: say
        env:
          FLAG: \${{ inputs.flag }}
          COUNT: \${{ inputs.count }}
          SECRET: \${{ secrets.TOKEN }}
        run: echo "word=$FLAG-$COUNT-$LEVEL-$FROM_FILE-$SECRET-$(cat app.txt)" >> "$GITHUB_OUTPUT"
      - id: pipefail
        shell: bash
        continue-on-error: true
        run: false | true
      - id: default-shell
        run: false | true
      - id: seen
        if: steps.pipefail.outcome == 'failure' && steps.pipefail.conclusion == 'success'
        run: echo "seen=yes" >> "$GITHUB_OUTPUT"
  second:
    needs: first
    runs-on: x
    outputs:
      greeting: \${{ steps.greet.outputs.text }}
    steps:
      - id: greet
        env: { WORD: '\${{ needs.first.outputs.word }}' }
        run: echo "text=hello $WORD" >> "$GITHUB_OUTPUT"
      - id: breaks
        run: exit 3
      - id: after
        run: echo never
      - id: on-failure
        if: failure()
        run: echo "ran=yes" >> "$GITHUB_OUTPUT"
  third:
    needs: second
    runs-on: x
    steps: [{ run: 'echo skipped' }]
  cleanup:
    needs: [first, second]
    if: always() && needs.second.result == 'failure'
    runs-on: x
    environment: { name: production, deployment: false }
    steps: [{ run: 'echo cleanup' }]
  report:
    needs: first
    runs-on: x
    environment: staging
    steps: [{ run: 'echo report' }]
`;

const GREEDY = `
on:
  workflow_call: {}
permissions: {}
jobs:
  deploy:
    runs-on: x
    permissions: { contents: read, deployments: write }
    steps: [{ run: 'true' }]
`;

const caller = (file: string, extra = '') => `
on: push
permissions: {}
jobs:
  call:
    uses: OWNER/shipgate/.github/workflows/${file}@${'f'.repeat(40)}
    permissions: { contents: read }
${extra}`;

let root: string;
let repo: GitHistory;
let walker: WorkflowWalker;
let sha: string;

beforeAll(() => {
  root = scratchDir('shipgate-walker-');
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(root, 'callers'));
  writeFileSync(join(root, '.github', 'workflows', 'called.yml'), CALLED);
  writeFileSync(join(root, '.github', 'workflows', 'greedy.yml'), GREEDY);
  writeFileSync(join(root, 'callers', 'call.yml'), caller('called.yml', '    with: { name: x, flag: true }\n    secrets: { TOKEN: "${{ secrets.MY_TOKEN }}" }\n'));
  writeFileSync(join(root, 'callers', 'greedy.yml'), caller('greedy.yml'));
  writeFileSync(
    join(root, 'callers', 'secret-if.yml'),
    'on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      - if: secrets.MY_TOKEN != \'\'\n        run: echo token\n',
  );
  repo = new GitHistory('main');
  sha = repo.commit('v1', { 'app.txt': 'v1\n' });
  walker = new WorkflowWalker(root);
});

afterAll(() => {
  walker.close(repo.dir);
  rmSync(root, { recursive: true, force: true });
  rmSync(repo.dir, { recursive: true, force: true });
});

const walk = (workflow: string, extra: Partial<WalkOptions> = {}) =>
  walker.walk({
    workflow: `callers/${workflow}`,
    event: { name: 'push', sha, ref: 'refs/heads/main' },
    repoDir: repo.dir,
    apiUrl: 'http://127.0.0.1:9',
    secrets: { MY_TOKEN: 's3cret' },
    ...extra,
  });

describe('workflow walker', () => {
  it('runs jobs in needs order with if:, typed inputs, secrets, env files, outputs and the runner\'s shells', async () => {
    const run = await walk('call.yml');
    expect(run.jobs.map((job) => `${job.path}=${job.result}`)).toEqual([
      'call/first=success',
      'call/second=failure',
      'call/third=skipped',
      'call/cleanup=success',
      'call/report=success',
    ]);
    expect(run.results.call).toEqual({ result: 'failure', outputs: { greeting: 'hello true-3-job-set by an earlier step-s3cret-v1' } });
    expect(run.conclusion).toBe('failure');
    // `shell: bash` is -o pipefail; no shell named is `bash -e {0}`, where a pipe's last command decides.
    expect(run.step('call/first', 'pipefail')).toMatchObject({ outcome: 'failure', conclusion: 'success' });
    expect(run.step('call/first', 'default-shell').outcome).toBe('success');
    expect(run.step('call/first', 'seen').outputs).toEqual({ seen: 'yes' });
    expect(run.step('call/second', 'after').outcome).toBe('skipped');
    expect(run.step('call/second', 'on-failure').outputs).toEqual({ ran: 'yes' });
    // GitHub would have created a deployment for the job whose environment has no deployment: false.
    expect(run.githubDeployments).toEqual(['call/report (staging)']);
  }, 30_000);

  it('refuses what GitHub refuses: unknown and missing inputs, secrets in if:, more permissions than the caller grants', async () => {
    await expect(walk('call.yml', { with: { call: { nope: 'x' } } })).rejects.toThrow(/walker: job call: called\.yml has no input nope/);
    await expect(walk('call.yml', { with: { call: { name: null } } })).rejects.toThrow(/requires the input name/);
    await expect(walk('call.yml', { with: { call: { count: 'many' } } })).rejects.toThrow(/input count is a number/);
    await expect(walk('secret-if.yml')).rejects.toThrow(/the context 'secrets' is not available here/);
    await expect(walk('greedy.yml')).rejects.toThrow(/asks for deployments: write but the caller's job grants deployments: none/);
  }, 30_000);
});
