import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ShipgateError } from '@shipgate/core';
import type { CommitComparison, RecordedDeployment } from './delivery-history';
import { compareWithGit, localDeploymentsSince } from './local-delivery-history';
import { acquireLock, isProcessGone, releaseLock, type ProcessRef } from './records-lock';
import { UnknownRefError } from './unknown-ref';
import {
  fitDescription,
  type CommitInfo,
  type CommitStatus,
  type Deployment,
  type DeploymentRecords,
  type DeploymentStatus,
  type DeploymentWithTree,
  type NewCommitStatus,
  type NewDeployment,
  type NewDeploymentStatus,
} from './types';

const run = promisify(execFile);

const statusSchema = z.object({
  id: z.number(),
  state: z.enum(['queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive']),
  description: z.string(),
  environmentUrl: z.string().optional(),
  logUrl: z.string().optional(),
  createdAt: z.string(),
});
const deploymentSchema = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  createdAt: z.string(),
  description: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  productionEnvironment: z.boolean(),
  transientEnvironment: z.boolean(),
  statuses: z.array(statusSchema),
  /** The shipgate process that created it: while it is open and that process is gone, nobody will close it. */
  owner: z.object({ pid: z.number(), host: z.string() }).optional(),
});
const commitStatusSchema = z.object({
  context: z.string(),
  state: z.enum(['pending', 'success', 'failure', 'error']),
  description: z.string().optional(),
  targetUrl: z.string().optional(),
  createdAt: z.string(),
});
const fileSchema = z.object({
  version: z.literal(1),
  nextId: z.number(),
  deployments: z.array(deploymentSchema),
  commitStatuses: z.record(z.string(), z.array(commitStatusSchema)),
});
type RecordsFile = z.infer<typeof fileSchema>;
type StoredDeployment = z.infer<typeof deploymentSchema>;

const emptyFile = (): RecordsFile => ({ version: 1, nextId: 1, deployments: [], commitStatuses: {} });

/**
 * Deployment records in one JSON file, for the CLI and the demo (no GitHub needed). Every
 * change is read-modify-write under a lock directory (mkdir is atomic) and lands by writing a
 * temp file and renaming it over the old one, so readers never see half a file and two
 * writers never lose each other's records. Mirrors GitHub's semantics, auto_inactive included.
 */
export class LocalRecords implements DeploymentRecords {
  readonly backend = 'local' as const;
  readonly location: string;

  constructor(
    file: string,
    /** The git checkout used to resolve refs; outside one, refs are taken as shas. */
    private readonly gitDir: string = process.cwd(),
  ) {
    this.location = resolve(file);
  }

  async resolveCommit(ref: string): Promise<CommitInfo> {
    // git would take `--output=FILE` as an option (and write the file), whatever else refuses it first.
    if (ref.startsWith('-')) throw new UnknownRefError(ref, "cannot start with '-': give a branch, tag or sha");
    let output: string;
    try {
      ({ stdout: output } = await run('git', ['log', '-1', '--format=%H %T %P', '--end-of-options', `${ref}^{commit}`, '--'], { cwd: this.gitDir }));
    } catch (error) {
      const inRepo = await run('git', ['rev-parse', '--git-dir'], { cwd: this.gitDir }).then(() => true, () => false);
      if (!inRepo) return { sha: ref, parents: [] };
      throw new UnknownRefError(ref, `was not found in the git repository at ${this.gitDir}: ${(error as Error).message.split('\n')[0]}`);
    }
    const [sha, tree, ...parents] = output.trim().split(/\s+/);
    return { sha: sha as string, tree, parents };
  }

  async createDeployment(input: NewDeployment): Promise<Deployment> {
    return this.update((file) => {
      const stored: StoredDeployment = {
        id: file.nextId++,
        sha: input.sha,
        ref: input.sha,
        environment: input.environment,
        createdAt: now(),
        description: input.description,
        payload: { shipgate: input.payload },
        productionEnvironment: input.productionEnvironment,
        transientEnvironment: input.transientEnvironment,
        statuses: [],
        owner: { pid: process.pid, host: hostname() },
      };
      file.deployments.push(stored);
      return toDeployment(stored);
    });
  }

  async addStatus(deploymentId: number, status: NewDeploymentStatus): Promise<DeploymentStatus> {
    return this.update((file) => {
      const deployment = file.deployments.find((d) => d.id === deploymentId);
      if (!deployment) throw new Error(`deployment ${deploymentId} is not in ${this.location}`);
      const created = { id: file.nextId++, ...status, description: fitDescription(status.description), createdAt: now() };
      deployment.statuses.push(created);
      if (status.state === 'success') this.markOlderInactive(file, deployment);
      return created;
    });
  }

  async getDeployment(id: number): Promise<Deployment | undefined> {
    const stored = (await this.read()).deployments.find((d) => d.id === id);
    return stored && toDeployment(stored);
  }

  async listDeployments(query: { environment: string; sha?: string; limit?: number }): Promise<Deployment[]> {
    const file = await this.read();
    return file.deployments
      .filter((d) => d.environment === query.environment && (query.sha === undefined || d.sha === query.sha))
      .sort((a, b) => b.id - a.id)
      .slice(0, query.limit ?? 100)
      .map(toDeployment);
  }

  async listStatuses(deploymentId: number): Promise<DeploymentStatus[]> {
    const stored = (await this.read()).deployments.find((d) => d.id === deploymentId);
    return stored ? [...stored.statuses].sort((a, b) => b.id - a.id) : [];
  }

  async setCommitStatus(sha: string, status: NewCommitStatus): Promise<void> {
    await this.update((file) => {
      (file.commitStatuses[sha] ??= []).push({ ...status, description: fitDescription(status.description), createdAt: now() });
    });
  }

  async listCommitStatuses(sha: string): Promise<CommitStatus[]> {
    return [...((await this.read()).commitStatuses[sha] ?? [])].reverse();
  }

  /** GitHub's auto_inactive: older successful, non-transient, non-production deployments go inactive. */
  private markOlderInactive(file: RecordsFile, current: StoredDeployment): void {
    for (const other of file.deployments) {
      // Only earlier deployments, as on GitHub: a late success of an old deployment does not
      // retire a newer one.
      if (other.id >= current.id || other.environment !== current.environment) continue;
      if (other.transientEnvironment || other.productionEnvironment) continue;
      const latest = other.statuses.at(-1);
      if (latest?.state !== 'success') continue;
      other.statuses.push({ id: file.nextId++, state: 'inactive', description: '', createdAt: now() });
    }
  }

  private async read(): Promise<RecordsFile> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return emptyFile();
      throw new ShipgateError(`cannot read the records file ${this.location} (${code ?? (error as Error).message}); make it a readable file or point SHIPGATE_RECORDS_FILE elsewhere`);
    }
    const fix = 'move it aside (shipgate then starts a new one) or restore it from a backup, or point SHIPGATE_RECORDS_FILE elsewhere';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ShipgateError(`the records file ${this.location} is not valid JSON (${(error as Error).message.split('\n')[0]}); ${fix}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      throw new ShipgateError(`the records file ${this.location} is not a shipgate records file: ${parsed.error.issues[0]?.message ?? 'invalid'}; ${fix}`);
    }
    return parsed.data;
  }

  private async update<T>(change: (file: RecordsFile) => T): Promise<T> {
    await mkdir(dirname(this.location), { recursive: true });
    const lock = await acquireLock(`${this.location}.lock`);
    try {
      const file = await this.read();
      this.closeOrphans(file);
      const result = change(file);
      const temp = `${this.location}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`);
      await rename(temp, this.location);
      return result;
    } finally {
      await releaseLock(lock);
    }
  }

  async commitHistory(ref: string, limit: number): Promise<CommitInfo[]> {
    let output: string;
    try {
      ({ stdout: output } = await run('git', ['log', `-${Math.max(limit, 1)}`, '--format=%H %T %P', '--end-of-options', `${ref}^{commit}`, '--'], { cwd: this.gitDir }));
    } catch {
      // resolveCommit says why (not a ref here, or no git checkout at all: the ref taken as a sha).
      return [await this.resolveCommit(ref)];
    }
    return output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [sha, tree, ...parents] = line.trim().split(/\s+/);
        return { sha: sha as string, tree, parents };
      });
  }

  async treesOf(shas: readonly string[]): Promise<Map<string, string>> {
    const trees = new Map<string, string>();
    const wanted = [...new Set(shas)].filter((sha) => /^[0-9a-f]{40}$/i.test(sha));
    if (wanted.length === 0) return trees;
    let output: string;
    try {
      // --ignore-missing: a sha this clone does not have is simply absent from the answer.
      ({ stdout: output } = await run('git', ['log', '--no-walk=unsorted', '--ignore-missing', '--format=%H %T', ...wanted, '--'], { cwd: this.gitDir, maxBuffer: 16 * 1024 * 1024 }));
    } catch {
      return trees; // not a git checkout: no tree is known
    }
    for (const line of output.split('\n')) {
      const [sha, tree] = line.trim().split(' ');
      if (sha && tree) trees.set(sha, tree);
    }
    return trees;
  }

  async listDeploymentsWithTrees(environment: string, limit: number): Promise<DeploymentWithTree[]> {
    const file = await this.read();
    const newest = file.deployments.filter((d) => d.environment === environment).sort((a, b) => b.id - a.id).slice(0, Math.min(limit, 100));
    const trees = await this.treesOf(newest.map((d) => d.sha));
    return newest.map((d) => {
      const latest = [...d.statuses].sort((a, b) => b.id - a.id)[0];
      return {
        id: d.id,
        sha: d.sha,
        environment: d.environment,
        createdAt: d.createdAt,
        payload: d.payload as Deployment['payload'],
        tree: trees.get(d.sha),
        latestStatus: latest && { state: latest.state, description: latest.description, createdAt: latest.createdAt, logUrl: latest.logUrl },
      };
    });
  }

  async listDeploymentsSince(environment: string, since: Date): Promise<RecordedDeployment[]> {
    return localDeploymentsSince((await this.read()).deployments, environment, since);
  }

  compareCommits(base: string, head: string): Promise<CommitComparison | undefined> {
    return compareWithGit(this.gitDir, base, head);
  }

  /**
   * A deploy whose shipgate process was killed (SIGKILL, a lost terminal) left its record open
   * with nobody to close it: the next writer closes it `error`, as a post step would on GitHub.
   */
  private closeOrphans(file: RecordsFile): void {
    for (const deployment of file.deployments) {
      const latest = deployment.statuses.at(-1);
      const open = !latest || latest.state === 'queued' || latest.state === 'pending' || latest.state === 'in_progress';
      if (!open || !deployment.owner || !isProcessGone(deployment.owner satisfies ProcessRef)) continue;
      deployment.statuses.push({
        id: file.nextId++,
        state: 'error',
        description: fitDescription(`shipgate: the process that ran this deploy (pid ${deployment.owner.pid}) ended before it finished`),
        createdAt: now(),
      });
    }
  }
}

const now = () => new Date().toISOString();

function toDeployment(stored: StoredDeployment): Deployment {
  const { statuses: _statuses, owner: _owner, ...deployment } = stored;
  return { ...deployment, payload: deployment.payload as Deployment['payload'] };
}
