import { escapeHtml, htmlTable, link, type Cell } from '@shipgate/core';
import type { Evidence, GatePolicy, GateVerdict } from './types';

export interface SummaryLinks {
  /** Where the records live (the repository's deployments page, or the local file). */
  records: string;
  /** A commit's page, when the records are on GitHub. */
  commitUrl?: (sha: string) => string;
}

const evidenceCell = (items: readonly Evidence[]): Cell => ({
  html: items.map((item) => `${escapeHtml(item.label)}: ${link(item.text, item.href).html}`).join('<br>'),
});

/**
 * The job summary a reviewer reads to trust the verdict: every check with ✅/❌, what it
 * found, and the evidence (which deployment, which status, when, with links). Everything is
 * escaped: branch names and status descriptions are user-controlled.
 */
export function gateSummary(verdict: GateVerdict, policy: GatePolicy, links: SummaryLinks): string {
  const short = verdict.commit.sha.slice(0, 7);
  const heading = verdict.validated
    ? `### ✅ shipgate staging-gate-check: ${escapeHtml(short)} may go to ${escapeHtml(policy.targetEnvironment)}`
    : `### ❌ shipgate staging-gate-check: ${escapeHtml(short)} refused for ${escapeHtml(policy.targetEnvironment)}`;
  const rows = verdict.checks.map((check): Cell[] => [check.passed ? '✅' : '❌', check.name, check.detail, evidenceCell(check.evidence)]);
  const commit = links.commitUrl ? link(verdict.commit.sha, links.commitUrl(verdict.commit.sha)) : { html: escapeHtml(verdict.commit.sha) };
  const facts: Cell[][] = [
    ['Commit', commit],
    ['Tree', verdict.commit.tree ?? 'unknown'],
    ['Match', policy.match === 'tree' ? 'same git tree (merge, squash and fast-forward commits count)' : 'exact sha'],
    ['Source environment', policy.sourceEnvironment],
    ['Records', link(links.records, links.records)],
  ];
  if (verdict.staging) {
    const { deployment } = verdict.staging;
    const validated = links.commitUrl ? link(deployment.sha, links.commitUrl(deployment.sha)) : { html: escapeHtml(deployment.sha) };
    facts.splice(2, 0, ['Validated sha', validated], ['Staging deployment', `#${deployment.id}`]);
  }
  return [
    heading,
    '',
    `**${verdict.validated ? 'Validated' : 'Refused'}:** ${escapeHtml(verdict.reason)}`,
    '',
    htmlTable(['', 'Check', 'Result', 'Evidence'], rows),
    htmlTable(['', ''], facts),
  ].join('\n');
}

/** The `checks` output: the contract's `{name, passed, detail}` per check. */
export function checksOutput(verdict: GateVerdict): string {
  return JSON.stringify(verdict.checks.map(({ name, passed, detail }) => ({ name, passed, detail })));
}
