import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseFileCommands, repoRoot, runAction, TEST_REPOSITORY, TEST_TOKEN, type ActionRun } from './run-action';
import {
  evaluateCondition,
  evaluateTemplate,
  toText,
  type ExpressionContext,
  type ExpressionValue,
  type StatusFunctions,
} from './workflow-expressions';

/**
 * A small interpreter of the GitHub Actions semantics shipgate's workflows use, so a test runs
 * the real YAML of a caller (workflows-examples/) and of the reusable workflows it calls
 * (.github/workflows/), not a hand copy of them:
 *
 * - a caller job `uses: OWNER/shipgate/.github/workflows/<file>@<sha>` runs the local reusable
 *   workflow with its `with:` (typed by the workflow's inputs, defaults applied, unknown or missing
 *   required inputs refused) and `secrets:`; its outputs come from `on.workflow_call.outputs`;
 * - jobs run one at a time in `needs` order, with `if:` (default `success()`), `needs.<job>.result`
 *   and `.outputs`, job `outputs:`; a called job may not ask for more `permissions:` than the
 *   caller's job grants (GitHub refuses to start such a run);
 * - steps: `run:` in bash (`bash -e {0}` when no shell is named, `bash --noprofile --norc -eo
 *   pipefail {0}` for `shell: bash`, as the runner), `env:` at workflow/job/step level,
 *   GITHUB_ENV / GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY, step `if:`, `id`,
 *   `steps.<id>.outputs` / `outcome` / `conclusion`, `continue-on-error`, defaults.run;
 * - `actions/checkout`: the caller's repository is a fresh `git worktree` of the test's repository
 *   at the commit (each job gets its own workspace, as on a fresh runner); shipgate's own checkout
 *   (`repository: job.workflow_repository`) is a symlink to this repository's root, so its
 *   actions run from the committed dist/ bundles;
 * - `./.shipgate-src/actions/<name>` and `OWNER/shipgate/actions/<name>@<sha>` run that action's
 *   bundle through run-action.ts, then its post step at the end of the job (`post-if: always()`).
 *
 * `secrets` is not a context in `if:` (GitHub refuses the workflow). Not modelled, and said so
 * here rather than guessed: concurrency groups (the walk is sequential), `::add-mask::` (logs are kept as printed),
 * cancellation, matrices, services, containers, and the deployment GitHub itself creates for a job
 * with `environment:` — the emulator has no such deployments, so the walk reports each job that
 * would get one (`githubDeployments`) and a test can assert there are none.
 */

export interface WalkEvent {
  name: 'push' | 'pull_request' | 'workflow_dispatch' | 'schedule';
  sha: string;
  /** e.g. refs/heads/main, refs/tags/v3.0.0, refs/pull/12/merge. */
  ref: string;
  /** workflow_dispatch inputs, as the Run workflow form sends them. */
  inputs?: Record<string, string | boolean>;
  /** The event payload (GITHUB_EVENT_PATH); push and workflow_dispatch get a minimal one. */
  payload?: Record<string, unknown>;
  actor?: string;
}

export interface WalkOptions {
  /** The caller workflow file, e.g. workflows-examples/on-develop-push.yml. */
  workflow: string;
  event: WalkEvent;
  /** The test's git repository: what `actions/checkout` of the caller checks out. */
  repoDir: string;
  /** GITHUB_API_URL: the emulator. */
  apiUrl: string;
  /** The caller repository's secrets (`secrets.X` in the caller). */
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /**
   * `with:` values replacing (or, with null, removing) the caller job's own, by caller job id:
   * what a team edits when it copies the example (its commands, URLs, shorter canary steps).
   */
  with?: Record<string, Record<string, string | number | boolean | null>>;
  /** Extra environment for every step (e.g. PATH additions); not part of GitHub's model. */
  env?: Record<string, string>;
  /** Upper bound for one step, whatever timeout-minutes says. */
  stepTimeoutMs?: number;
}

export interface StepRun {
  name: string;
  id?: string;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  errors: string[];
  durationMs: number;
}

export type JobResult = 'success' | 'failure' | 'skipped';

export interface JobRun {
  /** caller job id, then the called workflow's job id: `production/release`. */
  path: string;
  result: JobResult;
  outputs: Record<string, string>;
  steps: StepRun[];
  environment?: { name: string; deployment: boolean };
  summary: string;
}

export interface WorkflowRun {
  /** failure when any job failed. */
  conclusion: 'success' | 'failure';
  /** Every job that ran or was skipped, in the order the walk took them. */
  jobs: JobRun[];
  /** Caller jobs' results and outputs (for a reusable workflow job: the workflow's outputs). */
  results: Record<string, { result: JobResult; outputs: Record<string, string> }>;
  /** Jobs for which GitHub would create a deployment of its own (environment without deployment: false). */
  githubDeployments: string[];
  job(path: string): JobRun;
  step(jobPath: string, stepId: string): StepRun;
}

type Yaml = Record<string, unknown>;
type Permissions = Record<string, 'none' | 'read' | 'write'> | 'all-write' | 'unrestricted';

const SHIPGATE_WORKFLOW = /^[^/]+\/shipgate\/\.github\/workflows\/([^@/]+)@(.+)$/;
const SHIPGATE_ACTION = /^[^/]+\/shipgate\/actions\/([^@/]+)@(.+)$/;
const LOCAL_SHIPGATE_ACTION = /^\.\/\.shipgate-src\/actions\/([^/]+)$/;
const CHECKOUT = /^actions\/checkout@[0-9a-f]{40}$/;
const SHIPGATE_REPOSITORY = 'OWNER/shipgate';

function fail(message: string): never {
  throw new Error(`walker: ${message}`);
}

function record(value: unknown, what: string): Yaml {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be a mapping`);
  return value as Yaml;
}

function loadYaml(file: string): Yaml {
  return record(parseYaml(readFileSync(file, 'utf8')), file);
}

/** Jobs in `needs` order, definition order among those that are ready. */
function jobOrder(jobs: Yaml): string[] {
  const needsOf = (id: string) => {
    const needs = record(jobs[id], `job ${id}`).needs;
    const list = needs === undefined ? [] : Array.isArray(needs) ? needs.map(String) : [String(needs)];
    for (const need of list) if (!(need in jobs)) fail(`job ${id} needs an unknown job ${need}`);
    return list;
  };
  const order: string[] = [];
  while (order.length < Object.keys(jobs).length) {
    const ready = Object.keys(jobs).find((id) => !order.includes(id) && needsOf(id).every((need) => order.includes(need)));
    if (ready === undefined) fail('the jobs\' needs form a cycle');
    order.push(ready);
  }
  return order;
}

function ancestors(jobs: Yaml, id: string): string[] {
  const needs = record(jobs[id], id).needs;
  const direct = needs === undefined ? [] : Array.isArray(needs) ? needs.map(String) : [String(needs)];
  return [...new Set(direct.flatMap((need) => [need, ...ancestors(jobs, need)]))];
}

const LEVEL = { none: 0, read: 1, write: 2 } as const;

function permissionsOf(value: unknown, inherited: Permissions): Permissions {
  if (value === undefined) return inherited;
  if (value === 'write-all') return 'all-write';
  if (value === 'read-all') fail('permissions: read-all is not modelled');
  return Object.fromEntries(Object.entries(record(value, 'permissions')).map(([scope, level]) => [scope, String(level) as 'none' | 'read' | 'write']));
}

/** GitHub refuses to start a run whose called job asks for more than the caller's job grants. */
function checkPermissions(granted: Permissions, asked: Permissions, where: string): void {
  if (granted === 'unrestricted' || granted === 'all-write') return;
  if (asked === 'unrestricted' || asked === 'all-write') fail(`${where} asks for every permission but the caller's job grants ${JSON.stringify(granted)}`);
  for (const [scope, level] of Object.entries(asked)) {
    const allowed = granted[scope] ?? 'none';
    if (LEVEL[level] > LEVEL[allowed]) {
      fail(`${where} asks for ${scope}: ${level} but the caller's job grants ${scope}: ${allowed} (GitHub would not start this run)`);
    }
  }
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) => line.slice(line.indexOf('::', 2) + 2).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
}

/** A called reusable workflow, or the caller itself, as the jobs see it. */
interface WorkflowScope {
  file: string;
  yaml: Yaml;
  /** contexts shared by every job: github, inputs, secrets, vars. */
  contexts: Record<string, ExpressionValue>;
  /** job.workflow_repository / job.workflow_sha of this file. */
  workflowRepository: string;
  workflowSha: string;
  /** What the jobs of this file may be granted at most. */
  granted: Permissions;
  pathPrefix: string;
}

export class WorkflowWalker {
  private readonly root = mkdtempSync(join(tmpdir(), 'shipgate-walk-'));
  private readonly worktrees: string[] = [];
  private runId = 9000;
  private jobCount = 0;

  constructor(private readonly shipgateRoot: string = repoRoot) {}

  /** Removes every workspace and git worktree the walks made. */
  close(repoDir: string): void {
    for (const tree of this.worktrees) {
      try {
        execFileSync('git', ['-C', repoDir, 'worktree', 'remove', '--force', tree], { stdio: 'ignore' });
      } catch {
        // already gone with the temp root
      }
    }
    rmSync(this.root, { recursive: true, force: true });
    execFileSync('git', ['-C', repoDir, 'worktree', 'prune'], { stdio: 'ignore' });
  }

  async walk(options: WalkOptions): Promise<WorkflowRun> {
    const caller = loadYaml(resolve(this.shipgateRoot, options.workflow));
    const runId = String(++this.runId);
    const eventDir = join(this.root, `run-${runId}`);
    mkdirSync(eventDir, { recursive: true });
    const eventPath = join(eventDir, 'event.json');
    const dispatchInputs = this.dispatchInputs(caller, options.event);
    const refName = options.event.ref.replace(/^refs\/(heads|tags)\//, '');
    const payload = options.event.payload ?? {
      ref: options.event.ref,
      after: options.event.sha,
      ...(options.event.name === 'workflow_dispatch' ? { inputs: options.event.inputs ?? {} } : {}),
      repository: { full_name: TEST_REPOSITORY },
    };
    writeFileSync(eventPath, JSON.stringify(payload));
    const github: Record<string, ExpressionValue> = {
      sha: options.event.sha,
      ref: options.event.ref,
      ref_name: refName,
      event_name: options.event.name,
      event: payload as ExpressionValue,
      actor: options.event.actor ?? 'octocat',
      triggering_actor: options.event.actor ?? 'octocat',
      repository: TEST_REPOSITORY,
      repository_owner: TEST_REPOSITORY.split('/')[0] as string,
      run_id: runId,
      run_number: '1',
      run_attempt: '1',
      token: TEST_TOKEN,
      server_url: 'https://github.com',
      api_url: options.apiUrl,
      workflow: String(caller.name ?? options.workflow),
    };
    const baseEnv: Record<string, string> = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: options.event.sha,
      GITHUB_REF: options.event.ref,
      GITHUB_REF_NAME: refName,
      GITHUB_REF_TYPE: options.event.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_EVENT_NAME: options.event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_ACTOR: String(github.actor),
      GITHUB_TRIGGERING_ACTOR: String(github.actor),
      GITHUB_REPOSITORY: TEST_REPOSITORY,
      GITHUB_REPOSITORY_OWNER: String(github.repository_owner),
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_WORKFLOW: String(github.workflow),
      // run-action.ts expands action.yml's `${{ github.token }}` defaults with this.
      GITHUB_TOKEN_FOR_DEFAULT: TEST_TOKEN,
      ...options.env,
    };
    const callerScope: WorkflowScope = {
      file: options.workflow,
      yaml: caller,
      contexts: {
        github,
        inputs: dispatchInputs,
        secrets: { GITHUB_TOKEN: TEST_TOKEN, ...options.secrets },
        vars: { ...options.vars },
      },
      workflowRepository: TEST_REPOSITORY,
      workflowSha: options.event.sha,
      granted: 'unrestricted',
      pathPrefix: '',
    };
    const run: WorkflowRun = {
      conclusion: 'success',
      jobs: [],
      results: {},
      githubDeployments: [],
      job(path) {
        const found = this.jobs.find((job) => job.path === path);
        if (found === undefined) throw new Error(`walker: no job ${path} in this run; jobs: ${this.jobs.map((job) => job.path).join(', ')}`);
        return found;
      },
      step(jobPath, stepId) {
        const found = this.job(jobPath).steps.find((step) => step.id === stepId);
        if (found === undefined) throw new Error(`walker: no step ${stepId} in ${jobPath}`);
        return found;
      },
    };
    run.results = await this.runJobs(callerScope, options, baseEnv, run);
    if (run.jobs.some((job) => job.result === 'failure')) run.conclusion = 'failure';
    return run;
  }

  /** workflow_dispatch inputs typed and defaulted by the caller's `on.workflow_dispatch.inputs`. */
  private dispatchInputs(caller: Yaml, event: WalkEvent): Record<string, ExpressionValue> {
    if (event.name !== 'workflow_dispatch') {
      if (event.inputs !== undefined) fail('inputs are only for a workflow_dispatch event');
      return {};
    }
    const declared = record(record(record(caller.on, 'on').workflow_dispatch, 'workflow_dispatch').inputs, 'inputs');
    const given = event.inputs ?? {};
    for (const name of Object.keys(given)) if (!(name in declared)) fail(`workflow_dispatch input ${name} is not declared`);
    const inputs: Record<string, ExpressionValue> = {};
    for (const [name, specValue] of Object.entries(declared)) {
      const spec = record(specValue, `input ${name}`);
      const value = given[name] ?? (spec.default as string | boolean | undefined);
      if (value === undefined || value === '') {
        if (spec.required === true) fail(`workflow_dispatch input ${name} is required`);
      }
      if (spec.type === 'boolean') inputs[name] = value === true || value === 'true';
      else {
        const text = value === undefined ? '' : String(value);
        if (spec.type === 'choice' && !(spec.options as unknown[]).map(String).includes(text)) fail(`workflow_dispatch input ${name}: ${text} is not one of its options`);
        inputs[name] = text;
      }
    }
    return inputs;
  }

  private async runJobs(
    scope: WorkflowScope,
    options: WalkOptions,
    baseEnv: Record<string, string>,
    run: WorkflowRun,
  ): Promise<Record<string, { result: JobResult; outputs: Record<string, string> }>> {
    const jobs = record(scope.yaml.jobs, `${scope.file} jobs`);
    const results: Record<string, { result: JobResult; outputs: Record<string, string> }> = {};
    const workflowPermissions = permissionsOf(scope.yaml.permissions, scope.granted);
    // Concurrency is not modelled (the walk is sequential), but a broken group expression fails the walk.
    if (scope.yaml.concurrency !== undefined) evaluateTemplate(record(scope.yaml.concurrency, 'concurrency').group, { contexts: scope.contexts });
    for (const id of jobOrder(jobs)) {
      const job = record(jobs[id], `job ${id}`);
      const path = scope.pathPrefix + id;
      const needs: Record<string, ExpressionValue> = {};
      for (const need of ancestors(jobs, id)) {
        const done = results[need] as { result: JobResult; outputs: Record<string, string> };
        needs[need] = { result: done.result, outputs: done.outputs };
      }
      const directNeeds = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs.map(String) : [String(job.needs)];
      const needsContext = Object.fromEntries(directNeeds.map((need) => [need, needs[need] as ExpressionValue]));
      const upstream = ancestors(jobs, id).map((need) => (results[need] as { result: JobResult }).result);
      const jobStatus: StatusFunctions = {
        success: () => upstream.every((result) => result === 'success'),
        failure: () => upstream.includes('failure'),
        cancelled: () => false,
      };
      const context: ExpressionContext = { contexts: { ...scope.contexts, needs: needsContext }, status: jobStatus };
      const permissions = permissionsOf(job.permissions, workflowPermissions);
      if (scope.granted !== 'unrestricted') checkPermissions(scope.granted, permissions, `${scope.file} job ${id}`);

      const { secrets: _secrets, ...ifContexts } = context.contexts;
      if (!evaluateCondition(job.if, { ...context, contexts: ifContexts })) {
        results[id] = { result: 'skipped', outputs: {} };
        run.jobs.push({ path, result: 'skipped', outputs: {}, steps: [], summary: '' });
        continue;
      }
      if (typeof job.uses === 'string') {
        results[id] = await this.callWorkflow(scope, id, job, context, permissions, options, baseEnv, run);
      } else {
        const done = await this.runJob(scope, id, job, context, options, baseEnv);
        run.jobs.push(done);
        if (done.environment?.deployment) run.githubDeployments.push(`${path} (${done.environment.name})`);
        results[id] = { result: done.result, outputs: done.outputs };
      }
    }
    return results;
  }

  private async callWorkflow(
    scope: WorkflowScope,
    id: string,
    job: Yaml,
    context: ExpressionContext,
    granted: Permissions,
    options: WalkOptions,
    baseEnv: Record<string, string>,
    run: WorkflowRun,
  ): Promise<{ result: JobResult; outputs: Record<string, string> }> {
    const match = SHIPGATE_WORKFLOW.exec(String(job.uses));
    if (match === null) fail(`job ${id}: only OWNER/shipgate/.github/workflows/<file>@<sha> is walked, got ${String(job.uses)}`);
    const [, file, ref] = match as unknown as [string, string, string];
    const called = loadYaml(join(this.shipgateRoot, '.github', 'workflows', file));
    const call = record(record(called.on, `${file} on`).workflow_call, `${file} on.workflow_call`);
    const declaredInputs = record(call.inputs, `${file} inputs`);
    const declaredSecrets = record(call.secrets, `${file} secrets`);

    const givenWith: Record<string, unknown> = { ...record(job.with, `job ${id} with`) };
    for (const [name, value] of Object.entries(options.with?.[scope.pathPrefix + id] ?? {})) {
      if (value === null) delete givenWith[name];
      else givenWith[name] = value;
    }
    const inputs: Record<string, ExpressionValue> = {};
    for (const name of Object.keys(givenWith)) if (!(name in declaredInputs)) fail(`job ${id}: ${file} has no input ${name}`);
    for (const [name, specValue] of Object.entries(declaredInputs)) {
      const spec = record(specValue, `${file} input ${name}`);
      const type = String(spec.type);
      let value: ExpressionValue;
      if (name in givenWith) value = evaluateTemplate(givenWith[name], { contexts: context.contexts });
      else if (spec.required === true) fail(`job ${id}: ${file} requires the input ${name}`);
      else value = (spec.default as ExpressionValue | undefined) ?? (type === 'boolean' ? false : type === 'number' ? 0 : '');
      inputs[name] = typed(value, type, `${file} input ${name}`);
    }

    const secrets: Record<string, ExpressionValue> = { GITHUB_TOKEN: TEST_TOKEN };
    if (job.secrets === 'inherit') fail(`job ${id}: secrets: inherit is not modelled`);
    for (const [name, value] of Object.entries(record(job.secrets, `job ${id} secrets`))) {
      if (!(name in declaredSecrets)) fail(`job ${id}: ${file} declares no secret ${name}`);
      secrets[name] = toText(evaluateTemplate(value, { contexts: context.contexts }));
    }
    for (const [name, specValue] of Object.entries(declaredSecrets)) {
      if (record(specValue, name).required === true && !secrets[name]) fail(`job ${id}: ${file} requires the secret ${name}`);
    }

    const calledScope: WorkflowScope = {
      file,
      yaml: called,
      contexts: { github: scope.contexts.github as ExpressionValue, inputs, secrets, vars: scope.contexts.vars as ExpressionValue },
      workflowRepository: SHIPGATE_REPOSITORY,
      workflowSha: ref,
      granted,
      pathPrefix: `${scope.pathPrefix}${id}/`,
    };
    const jobResults = await this.runJobs(calledScope, options, baseEnv, run);
    const jobsContext: Record<string, ExpressionValue> = {};
    for (const [name, done] of Object.entries(jobResults)) jobsContext[name] = { result: done.result, outputs: done.outputs };
    const outputs: Record<string, string> = {};
    for (const [name, specValue] of Object.entries(record(call.outputs, `${file} outputs`))) {
      outputs[name] = toText(evaluateTemplate(record(specValue, name).value, { contexts: { ...calledScope.contexts, jobs: jobsContext } }));
    }
    const failed = Object.values(jobResults).some((done) => done.result === 'failure');
    return { result: failed ? 'failure' : 'success', outputs };
  }

  private async runJob(
    scope: WorkflowScope,
    id: string,
    job: Yaml,
    jobContext: ExpressionContext,
    options: WalkOptions,
    baseEnv: Record<string, string>,
  ): Promise<JobRun> {
    const path = scope.pathPrefix + id;
    const dir = join(this.root, `job-${++this.jobCount}-${id}`);
    const workspace = join(dir, 'workspace');
    const temp = join(dir, 'temp');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(temp, { recursive: true });
    const contexts: Record<string, ExpressionValue> = {
      ...jobContext.contexts,
      job: { workflow_repository: scope.workflowRepository, workflow_sha: scope.workflowSha, status: 'success' },
    };
    const evaluate = (value: unknown, extra: Record<string, ExpressionValue> = {}) =>
      evaluateTemplate(value, { contexts: { ...contexts, ...extra } });

    let environment: JobRun['environment'];
    if (job.environment !== undefined) {
      const spec = typeof job.environment === 'string' ? { name: job.environment } : record(job.environment, 'environment');
      environment = { name: toText(evaluate(spec.name)), deployment: spec.deployment !== false };
    }
    // Evaluated for their expressions' sake (a broken one fails the walk); not modelled further.
    if (job.concurrency !== undefined) evaluate(record(job.concurrency, 'concurrency').group);
    evaluate(job['runs-on']);
    const timeoutMinutes = job['timeout-minutes'] === undefined ? 360 : Number(evaluate(job['timeout-minutes']));
    const stepTimeoutMs = Math.min(timeoutMinutes * 60_000, options.stepTimeoutMs ?? 120_000);

    const workflowEnv = Object.fromEntries(Object.entries(record(scope.yaml.env, 'env')).map(([k, v]) => [k, toText(evaluate(v))]));
    const jobEnv = { ...workflowEnv, ...Object.fromEntries(Object.entries(record(job.env, 'env')).map(([k, v]) => [k, toText(evaluate(v, { env: workflowEnv }))])) };
    const fileEnv: Record<string, string> = {};
    const pathAdditions: string[] = [];
    const defaults = { ...record(record(scope.yaml.defaults, 'defaults').run, 'defaults.run'), ...record(record(job.defaults, 'defaults').run, 'defaults.run') };

    const steps: StepRun[] = [];
    const stepsContext: Record<string, ExpressionValue> = {};
    const posts: Array<() => Promise<StepRun>> = [];
    let summary = '';
    const anyFailed = () => steps.some((step) => step.conclusion === 'failure');
    const stepStatus: StatusFunctions = { success: () => !anyFailed(), failure: anyFailed, cancelled: () => false };

    for (const [index, stepValue] of (Array.isArray(job.steps) ? job.steps : fail(`job ${id} has neither steps nor uses`)).entries()) {
      const step = record(stepValue, `job ${id} step ${index}`);
      const stepId = step.id === undefined ? undefined : String(step.id);
      const name = String(step.name ?? step.uses ?? `run ${index + 1}`);
      const env = { ...jobEnv, ...fileEnv };
      const jobNow = { ...(contexts.job as Record<string, ExpressionValue>), status: anyFailed() ? 'failure' : 'success' };
      const context: ExpressionContext = { contexts: { ...contexts, job: jobNow, steps: stepsContext, env }, status: stepStatus };
      // GitHub refuses secrets in if: (the workflow does not start); here the context is absent.
      const { secrets: _secrets, ...ifContexts } = context.contexts;
      const skip = !evaluateCondition(step.if, { ...context, contexts: ifContexts });
      let done: StepRun;
      const started = Date.now();
      if (skip) {
        done = { name, id: stepId, outcome: 'skipped', conclusion: 'skipped', outputs: {}, stdout: '', stderr: '', errors: [], durationMs: 0 };
      } else {
        const stepEnv = {
          ...env,
          ...Object.fromEntries(Object.entries(record(step.env, 'step env')).map(([k, v]) => [k, toText(evaluateTemplate(v, context))])),
        };
        const processEnv = {
          PATH: [...pathAdditions].reverse().concat(process.env.PATH ?? '').join(':'),
          HOME: process.env.HOME ?? temp,
          ...baseEnv,
          GITHUB_WORKSPACE: workspace,
          GITHUB_JOB: id,
          RUNNER_TEMP: temp,
          ...stepEnv,
        };
        if (typeof step.run === 'string') {
          const result = await this.runScript(step, defaults, evaluateTemplate(step.run, context), processEnv, workspace, temp, index, stepTimeoutMs, context);
          Object.assign(fileEnv, result.env);
          pathAdditions.push(...result.paths);
          summary += result.summary;
          done = { name, id: stepId, ...result.run, durationMs: Date.now() - started };
        } else if (typeof step.uses === 'string') {
          const withValues = Object.fromEntries(Object.entries(record(step.with, 'with')).map(([k, v]) => [k, toText(evaluateTemplate(v, context))]));
          const result = await this.runUses(step.uses, withValues, processEnv, workspace, scope, stepTimeoutMs, options, posts, path);
          summary += result.summary;
          done = { name, id: stepId, ...result.run, durationMs: Date.now() - started };
        } else {
          fail(`job ${id} step ${name} has neither run nor uses`);
        }
        if (done.outcome === 'failure' && step['continue-on-error'] !== undefined && evaluateTemplate(step['continue-on-error'], context) === true) {
          done.conclusion = 'success';
        }
      }
      steps.push(done);
      if (stepId !== undefined) stepsContext[stepId] = { outputs: done.outputs, outcome: done.outcome, conclusion: done.conclusion };
    }
    // Post steps in reverse order, `post-if: always()` (every post step of shipgate's actions).
    // A failing post step fails the job, as on the runner.
    for (const post of posts.reverse()) steps.push(await post());

    const result: JobResult = anyFailed() ? 'failure' : 'success';
    const outputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(record(job.outputs, `job ${id} outputs`))) {
      outputs[name] = toText(evaluateTemplate(value, { contexts: { ...contexts, steps: stepsContext } }));
    }
    return { path, result, outputs, steps, environment, summary };
  }

  private async runScript(
    step: Yaml,
    defaults: Yaml,
    script: ExpressionValue,
    env: Record<string, string>,
    workspace: string,
    temp: string,
    index: number,
    timeoutMs: number,
    context: ExpressionContext,
  ): Promise<{ run: Omit<StepRun, 'name' | 'id' | 'durationMs'>; env: Record<string, string>; paths: string[]; summary: string }> {
    const shell = step.shell ?? defaults.shell;
    // The runner: no shell named → `bash -e {0}`; `shell: bash` → `bash --noprofile --norc -eo pipefail {0}`.
    let argv: string[];
    if (shell === undefined) argv = ['bash', '-e'];
    else if (shell === 'bash') argv = ['bash', '--noprofile', '--norc', '-eo', 'pipefail'];
    else fail(`shell ${String(shell)} is not modelled`);
    const workingDirectory = step['working-directory'] ?? defaults['working-directory'];
    const cwd = workingDirectory === undefined ? workspace : resolve(workspace, toText(evaluateTemplate(workingDirectory, context)));
    const files = { GITHUB_ENV: 'env', GITHUB_OUTPUT: 'output', GITHUB_PATH: 'path', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state' };
    const paths = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, join(temp, `step-${index}-${file}`)]));
    for (const file of Object.values(paths)) writeFileSync(file, '');
    const scriptFile = join(temp, `step-${index}.sh`);
    writeFileSync(scriptFile, toText(script));
    const child = spawn(argv[0] as string, [...argv.slice(1), scriptFile], { cwd, env: { ...env, ...paths }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((done) => child.on('close', (exit) => done(exit)));
    clearTimeout(timer);
    const outcome = code === 0 ? 'success' : 'failure';
    const read = (name: string) => readFileSync(paths[name] as string, 'utf8');
    return {
      run: { outcome, conclusion: outcome, outputs: parseFileCommands(read('GITHUB_OUTPUT')), stdout, stderr, errors: annotations(stdout, 'error') },
      env: parseFileCommands(read('GITHUB_ENV')),
      paths: read('GITHUB_PATH').split('\n').filter((line) => line !== ''),
      summary: read('GITHUB_STEP_SUMMARY'),
    };
  }

  private async runUses(
    uses: string,
    withValues: Record<string, string>,
    env: Record<string, string>,
    workspace: string,
    scope: WorkflowScope,
    timeoutMs: number,
    options: WalkOptions,
    posts: Array<() => Promise<StepRun>>,
    jobPath: string,
  ): Promise<{ run: Omit<StepRun, 'name' | 'id' | 'durationMs'>; summary: string }> {
    const ok = { outcome: 'success' as const, conclusion: 'success' as const, outputs: {}, stdout: '', stderr: '', errors: [] };
    if (CHECKOUT.test(uses)) {
      this.checkout(withValues, workspace, scope, options);
      return { run: ok, summary: '' };
    }
    let action: string;
    const local = LOCAL_SHIPGATE_ACTION.exec(uses);
    const remote = SHIPGATE_ACTION.exec(uses);
    if (local !== null) {
      // A local action needs the checkout that put it there, as on the runner.
      if (!existsSync(join(workspace, '.shipgate-src', 'actions', local[1] as string, 'action.yml'))) {
        fail(`${jobPath}: ${uses} before shipgate was checked out into .shipgate-src`);
      }
      action = local[1] as string;
    } else if (remote !== null) {
      action = remote[1] as string;
    } else {
      fail(`${jobPath}: uses ${uses} is not modelled`);
    }
    const declared = record(loadYaml(join(this.shipgateRoot, 'actions', action, 'action.yml')).inputs, 'inputs');
    for (const name of Object.keys(withValues)) {
      // GitHub only warns about an unexpected input and ignores it; here it is a mistake in the workflow.
      if (!(name in declared)) fail(`${jobPath}: ${action} has no input ${name}`);
    }
    // run-action.ts makes its own GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files.
    const { GITHUB_ENV: _env, GITHUB_OUTPUT: _output, GITHUB_PATH: _path, GITHUB_STEP_SUMMARY: _summary, GITHUB_STATE: _state, ...actionEnv } = env;
    const runOptions = { inputs: withValues, env: actionEnv, apiUrl: options.apiUrl, cwd: workspace, timeoutMs };
    const main = await runAction(action, runOptions);
    const runs = record(loadYaml(join(this.shipgateRoot, 'actions', action, 'action.yml')).runs, 'runs');
    if (runs.post !== undefined) {
      if (runs['post-if'] !== undefined && runs['post-if'] !== 'always()') fail(`${action}: post-if ${String(runs['post-if'])} is not modelled`);
      posts.push(async () => {
        const started = Date.now();
        const post = await runAction(action, { ...runOptions, postState: main.state });
        return { name: `Post ${uses}`, ...actionStep(post), durationMs: Date.now() - started };
      });
    }
    return { run: actionStep(main), summary: main.summary };
  }

  private checkout(withValues: Record<string, string>, workspace: string, scope: WorkflowScope, options: WalkOptions): void {
    const repository = withValues.repository ?? '';
    const path = withValues.path ?? '';
    if (repository === scope.workflowRepository && scope.workflowRepository === SHIPGATE_REPOSITORY) {
      if (path === '') fail('checking shipgate out over the workspace is not modelled');
      // shipgate at job.workflow_sha: this repository, whose dist/ the test built.
      symlinkSync(this.shipgateRoot, join(workspace, path));
      return;
    }
    if (repository !== '' && repository !== TEST_REPOSITORY) fail(`checkout of ${repository} is not modelled`);
    if (path !== '') fail('checkout of the caller into a path is not modelled');
    if (readdirSync(workspace).length > 0) fail('the caller checkout must come before any other checkout in the job');
    const ref = withValues.ref || String((scope.contexts.github as Record<string, ExpressionValue>).sha);
    execFileSync('git', ['-C', options.repoDir, 'worktree', 'add', '-q', '--detach', workspace, ref], { stdio: 'ignore' });
    this.worktrees.push(workspace);
  }
}

function actionStep(run: ActionRun): Omit<StepRun, 'name' | 'id' | 'durationMs'> {
  const outcome = run.exitCode === 0 ? 'success' : 'failure';
  return { outcome, conclusion: outcome, outputs: run.outputs, stdout: run.stdout, stderr: run.stderr, errors: run.errors };
}

/** A `with:` value as the called workflow's input type; GitHub refuses a value of the wrong type. */
function typed(value: ExpressionValue, type: string, what: string): ExpressionValue {
  if (type === 'string') {
    if (value !== null && typeof value === 'object') fail(`${what} is a string, got ${JSON.stringify(value)}`);
    return toText(value);
  }
  if (type === 'number') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || Number.isNaN(number)) fail(`${what} is a number, got ${JSON.stringify(value)}`);
    return number;
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    fail(`${what} is a boolean, got ${JSON.stringify(value)}`);
  }
  return fail(`${what}: input type ${type} is not modelled`);
}
