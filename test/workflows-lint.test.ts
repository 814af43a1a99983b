import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { actionlint, shellcheck } from './helpers/actionlint';
import { repoRoot } from './helpers/run-action';

type Level = 'read' | 'write';
type Permissions = Record<string, Level>;
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface Concurrency {
  group?: string;
  'cancel-in-progress'?: boolean | string;
  queue?: string;
}
interface Job {
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | string;
  steps?: Step[];
  permissions?: Permissions | string;
  concurrency?: Concurrency | string;
}
interface Workflow {
  on: Record<string, unknown> & { workflow_call?: { inputs?: Record<string, { required?: boolean }>; secrets?: Record<string, unknown> } };
  permissions?: Permissions | string;
  concurrency?: Concurrency | string;
  jobs: Record<string, Job>;
}

const REUSABLE = join('.github', 'workflows');
const EXAMPLES = 'workflows-examples';
const yamlIn = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));
const workflowFiles = [...yamlIn(REUSABLE), ...yamlIn(EXAMPLES)];
const actionFiles = ['action.yml', ...readdirSync(join(repoRoot, 'actions')).map((a) => join('actions', a, 'action.yml'))];
const load = (file: string) => parse(readFileSync(join(repoRoot, file), 'utf8')) as Workflow;

/** Where a reusable workflow finds shipgate's actions: a checkout of its own commit (docs/adopting.md). */
const SELF_CHECKOUT = '.shipgate-src';
const shipgateAction = (uses = '') =>
  new RegExp(`^(?:\\./${SELF_CHECKOUT.replace('.', '\\.')}/actions/|[\\w.-]+/shipgate/actions/)([a-z-]+)(?:@|$)`).exec(uses)?.[1];
const calledWorkflow = (uses = '') => /^[\w.-]+\/shipgate\/\.github\/workflows\/([\w.-]+\.yml)@/.exec(uses)?.[1];

/** What each shipgate action does with the job's token (GitHub's REST scopes). */
const NEEDED: Record<string, Permissions> = {
  'staging-deploy': { deployments: 'write', contents: 'read' },
  'smoke-test': { statuses: 'write', deployments: 'read' },
  'staging-gate-check': { deployments: 'read', statuses: 'read', contents: 'read' },
  'canary-step': { deployments: 'write', contents: 'read' },
  rollback: { deployments: 'write', contents: 'read' },
  'delivery-metrics': { deployments: 'read', contents: 'read' },
};
/** Actions that change an environment: their job must hold the environment's concurrency group. */
const CHANGES_AN_ENVIRONMENT = new Set(['staging-deploy', 'canary-step', 'rollback']);
const ENVIRONMENT_GROUP = 'shipgate-${{ inputs.environment }}';

const merge = (into: Permissions, from: Permissions) => {
  for (const [scope, level] of Object.entries(from)) if (into[scope] !== 'write') into[scope] = level;
  return into;
};
const effectivePermissions = (workflow: Workflow, job: Job): Permissions => {
  const granted = job.permissions ?? workflow.permissions;
  expect(typeof granted, 'permissions must be a mapping of scopes, never read-all/write-all').toBe('object');
  return granted as Permissions;
};

/** The least a job needs: its shipgate actions, a checkout, or the union of a called workflow's jobs. */
function neededBy(job: Job): Permissions {
  const needed: Permissions = {};
  const called = calledWorkflow(job.uses);
  if (called) {
    const workflow = load(join(REUSABLE, called));
    for (const calledJob of Object.values(workflow.jobs)) merge(needed, effectivePermissions(workflow, calledJob));
  }
  for (const step of job.steps ?? []) {
    const action = shipgateAction(step.uses);
    if (action) merge(needed, NEEDED[action] ?? {});
    if (step.uses?.startsWith('actions/checkout@')) merge(needed, { contents: 'read' });
  }
  return needed;
}

function changesAnEnvironment(job: Job): boolean {
  const called = calledWorkflow(job.uses);
  if (called) return Object.values(load(join(REUSABLE, called)).jobs).some(changesAnEnvironment);
  return (job.steps ?? []).some((step) => CHANGES_AN_ENVIRONMENT.has(shipgateAction(step.uses) ?? ''));
}

/** The inputs a reusable workflow runs with bash: `env: COMMAND: ${{ inputs.<name> }}` and `bash -c "$COMMAND"`. */
function bashInputsOf(workflow: Workflow): Set<string> {
  const names = new Set<string>();
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      const command = (step as Step & { env?: Record<string, string> }).env?.COMMAND;
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(command ?? '')?.[1];
      if (input && step.run === 'bash -eo pipefail -c "$COMMAND"') names.add(input);
    }
  }
  return names;
}

describe.each(actionFiles)('%s', (file) => {
  it('parses as an action: a name and a node24 entry', () => {
    const document = parseDocument(readFileSync(join(repoRoot, file), 'utf8'));
    expect(document.errors.map(String)).toEqual([]);
    const action = document.toJS() as { name?: string; runs?: { using?: string; main?: string } };
    expect(action.name).toBeTruthy();
    expect(action.runs?.using).toBe('node24');
    expect(action.runs?.main).toMatch(/\.js$/);
  });
});

describe.each(workflowFiles)('%s', (file) => {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const workflow = load(file);

  it('parses as a workflow', () => {
    expect(parseDocument(text).errors.map(String)).toEqual([]);
    expect(Object.keys(workflow)).toEqual(expect.arrayContaining(['on', 'jobs']));
  });

  it('passes actionlint (known false positives aside, see test/helpers/actionlint.ts)', async () => {
    expect(await actionlint(text, file)).toEqual([]);
  });

  it('passes shellcheck on every run: block', () => {
    const findings: string[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      for (const [index, step] of (job.steps ?? []).entries()) {
        if (!step.run) continue;
        expect(step.shell ?? 'bash', `${jobId} step ${index + 1} runs in bash`).toBe('bash');
        findings.push(...shellcheck(step.run, `${file} ${jobId} step ${index + 1} (${step.name ?? 'run'})`));
      }
    }
    expect(findings).toEqual([]);
  });

  it("passes shellcheck on the command lines a caller gives to the reusable workflows' bash steps", () => {
    const findings: string[] = [];
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const called = calledWorkflow(job.uses);
      if (!called) continue;
      const bashInputs = bashInputsOf(load(join(REUSABLE, called)));
      for (const [input, value] of Object.entries(job.with ?? {})) {
        if (bashInputs.has(input)) findings.push(...shellcheck(String(value), `${file} ${jobId} with.${input}`));
      }
    }
    expect(findings).toEqual([]);
  });

  it('pins every remote uses: by full commit SHA and keeps ${{ }} out of run: blocks', () => {
    // Examples name shipgate by placeholders the user replaces (OWNER, a release's SHA).
    const pinned = file.startsWith(EXAMPLES) ? /@([0-9a-f]{40}|SHIPGATE_SHA)$/ : /@[0-9a-f]{40}$/;
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      if (job.uses) expect(job.uses, `job ${jobId}`).toMatch(pinned);
      if (job.uses) expect(job.secrets, `job ${jobId} passes secrets by name, not inherit`).not.toBe('inherit');
      let selfCheckedOut = false;
      for (const step of job.steps ?? []) {
        if (step.run) expect(step.run, `job ${jobId}`).not.toContain('${{');
        if (!step.uses) continue;
        if (step.uses.startsWith('./')) {
          // A reusable workflow reaches shipgate's actions only through a checkout of its own commit.
          expect(step.uses, `job ${jobId}: a local action must be shipgate's`).toMatch(new RegExp(`^\\./\\${SELF_CHECKOUT}/actions/[a-z-]+$`));
          expect(selfCheckedOut, `job ${jobId}: ${step.uses} needs the checkout of job.workflow_sha first`).toBe(true);
          continue;
        }
        expect(step.uses, `job ${jobId}`).toMatch(pinned);
        if (step.uses.startsWith('actions/checkout@') && step.with?.path === SELF_CHECKOUT) {
          expect(step.with).toMatchObject({ repository: '${{ job.workflow_repository }}', ref: '${{ job.workflow_sha }}', 'persist-credentials': false });
          selfCheckedOut = true;
        }
      }
    }
  });

  it('grants each job exactly the permissions it needs, and no more', () => {
    expect(workflow.permissions, 'a workflow-level permissions: so nothing defaults to the repository setting').toBeDefined();
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      expect(effectivePermissions(workflow, job), `job ${jobId}`).toEqual(neededBy(job));
    }
  });

  it('holds one group per environment, never cancelled, around every deploy, canary and rollback', () => {
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const concurrency = job.concurrency ?? workflow.concurrency;
      if (job.uses) {
        // The called workflow holds the group; a caller holding the same one would deadlock.
        const group = typeof concurrency === 'string' ? concurrency : concurrency?.group;
        expect(group ?? '', `job ${jobId}`).not.toMatch(/^shipgate-/i);
      }
      if (!changesAnEnvironment(job) || job.uses) continue;
      // Held by the whole run (docs/adopting.md, "Concurrency"): nothing slips between its jobs.
      expect(workflow.concurrency, `job ${jobId}`).toEqual({ group: ENVIRONMENT_GROUP, 'cancel-in-progress': false, queue: 'max' });
      expect(job.concurrency, `job ${jobId}: a job-level group inside the run's would deadlock or split it`).toBeUndefined();
      for (const step of job.steps ?? []) {
        if (CHANGES_AN_ENVIRONMENT.has(shipgateAction(step.uses) ?? '')) expect(step.with?.environment, `job ${jobId} ${step.uses}: the group's environment`).toBe('${{ inputs.environment }}');
      }
    }
    const anyConcurrency = [workflow.concurrency, ...Object.values(workflow.jobs).map((job) => job.concurrency)].filter(Boolean);
    for (const concurrency of anyConcurrency) expect(concurrency).toMatchObject({ 'cancel-in-progress': false });
  });

  it("passes shipgate's actions and workflows only inputs they have, and every required one", () => {
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const called = calledWorkflow(job.uses);
      if (called) {
        expect(existsSync(join(repoRoot, REUSABLE, called)), `${called} exists`).toBe(true);
        const contract = load(join(REUSABLE, called)).on.workflow_call ?? {};
        const inputs = contract.inputs ?? {};
        for (const input of Object.keys(job.with ?? {})) expect(Object.keys(inputs), `${called} has no input '${input}'`).toContain(input);
        for (const [input, spec] of Object.entries(inputs)) if (spec.required) expect(job.with ?? {}, `${called} needs '${input}'`).toHaveProperty(input);
        for (const secret of Object.keys(typeof job.secrets === 'object' ? job.secrets : {})) {
          expect(Object.keys(contract.secrets ?? {}), `${called} has no secret '${secret}'`).toContain(secret);
        }
      }
      for (const step of job.steps ?? []) {
        const action = shipgateAction(step.uses);
        if (!action) continue;
        const meta = parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }> };
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(meta.inputs), `job ${jobId}: ${action} has no input '${input}'`).toContain(input);
        for (const [input, spec] of Object.entries(meta.inputs)) if (spec.required) expect(step.with ?? {}, `job ${jobId}: ${action} needs '${input}'`).toHaveProperty(input);
      }
    }
  });
});

describe('the reusable workflows', () => {
  it('export a secret of NAME=value lines with one script, the same in every job', () => {
    const scripts = workflowFiles
      .filter((file) => file.startsWith(REUSABLE))
      .flatMap((file) => Object.values(load(file).jobs).flatMap((job) => job.steps ?? []))
      .filter((step) => /^[A-Z_]+ into the job's environment$/.test(step.name ?? ''))
      .map((step) => step.run?.replace(/\b(BUILD|DEPLOY)_ENV\b/g, 'SECRET'));
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(scripts).size, 'one text, so a fix reaches every copy').toBe(1);
  });

  it("masks each DEPLOY_ENV value as the runner will read it back: '%' and CR encoded, the value exported unchanged", () => {
    const step = (load(join(REUSABLE, 'production.yml')).jobs.release?.steps ?? []).find((s) => s.name === "DEPLOY_ENV into the job's environment");
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-deploy-env-'));
    try {
      const envFile = join(dir, 'env');
      writeFileSync(envFile, '');
      const stdout = execFileSync('bash', ['-c', step?.run ?? 'exit 9'], {
        env: { PATH: process.env.PATH ?? '', GITHUB_ENV: envFile, DEPLOY_ENV: '# comment\nTOKEN=p%25ss\nCR=a\rb\nEMPTY=' },
        encoding: 'utf8',
      });
      // The runner decodes %25 → % and %0D → CR in a command's value: these register the values themselves.
      expect(stdout.split('\n').filter(Boolean)).toEqual(['::add-mask::p%2525ss', '::add-mask::a%0Db']);
      expect(readFileSync(envFile, 'utf8')).toMatch(/^TOKEN<<(shipgate_\d+)\np%25ss\n\1\nCR<<(shipgate_\d+)\na\rb\n\2\nEMPTY<<(shipgate_\d+)\n\n\3\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
