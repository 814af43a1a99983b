import { escapeHtml, htmlTable, link, type Cell } from '@shipgate/core';
import { matchedByText, proofText } from './staging-match';
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
    const { deployment, matchedBy, tree } = verdict.staging;
    const deployedSha = links.commitUrl ? link(deployment.sha, links.commitUrl(deployment.sha)) : { html: escapeHtml(deployment.sha) };
    // A refused gate validated nothing: the deployment it looked at is shown as examined only.
    const rows: Cell[][] = verdict.validated
      ? [
          ['Validated sha', deployedSha],
          ['Staging deployment', `#${deployment.id}`],
          ['Matched by', matchedByText(matchedBy)],
          ['Proof', proofText(verdict.commit, deployment.sha, tree)],
        ]
      : [['Deployment examined (not validated)', { html: `#${escapeHtml(String(deployment.id))} of ${deployedSha.html}` }]];
    facts.splice(2, 0, ...rows);
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
