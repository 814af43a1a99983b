import { codeLink, commitCell, deploymentCell, escapeHtml, escapeMarkdownInline, htmlTable, link, readRunContext, summaryLinks, type Cell, type RecordsPlace, type RunContext } from '@shipgate/core';
import { matchedByText, proofText } from './staging-match';
import type { Evidence, GatePolicy, GateVerdict } from './types';

const evidenceCell = (items: readonly Evidence[]): Cell => ({
  html: items.map((item) => `${escapeHtml(item.label)}: ${link(item.text, item.href).html}`).join('<br>'),
});

/**
 * The job summary a reviewer reads to trust the verdict: every check with ✅/❌, what it
 * found, and the evidence (which deployment, which status, when, with links). Everything is
 * escaped: branch names and status descriptions are user-controlled. On GitHub the commits and
 * the staging deployment link to their pages; with the local records file they are plain text.
 */
export function gateSummary(verdict: GateVerdict, policy: GatePolicy, records: RecordsPlace, context: RunContext = readRunContext()): string {
  const links = summaryLinks(records, context);
  const short = verdict.commit.sha.slice(0, 7);
  const heading = verdict.validated
    ? `### ✅ shipgate staging-gate-check: ${escapeMarkdownInline(short)} may go to ${escapeMarkdownInline(policy.targetEnvironment)}`
    : `### ❌ shipgate staging-gate-check: ${escapeMarkdownInline(short)} refused for ${escapeMarkdownInline(policy.targetEnvironment)}`;
  const rows = verdict.checks.map((check): Cell[] => [check.passed ? '✅' : '❌', check.name, check.detail, evidenceCell(check.evidence)]);
  const facts: Cell[][] = [
    ['Commit', commitCell(verdict.commit.sha, links)],
    ['Tree', verdict.commit.tree ?? 'unknown'],
    ['Match', policy.match === 'tree' ? 'same git tree (merge, squash and fast-forward commits count)' : 'exact sha'],
    ['Source environment', codeLink(policy.sourceEnvironment, links.environment(policy.sourceEnvironment))],
    ['Records', link(links.records, links.records)],
  ];
  if (verdict.staging) {
    const { deployment, matchedBy, tree } = verdict.staging;
    const deployedSha = commitCell(deployment.sha, links);
    const stagingDeployment = deploymentCell(deployment.id, policy.sourceEnvironment, links);
    // A refused gate validated nothing: the deployment it looked at is shown as examined only.
    const rows: Cell[][] = verdict.validated
      ? [
          ['Validated sha', deployedSha],
          ['Staging deployment', stagingDeployment],
          ['Matched by', matchedByText(matchedBy)],
          ['Proof', proofText(verdict.commit, deployment.sha, tree)],
        ]
      : [['Deployment examined (not validated)', { html: `${stagingDeployment.html} of ${deployedSha.html}` }]];
    facts.splice(2, 0, ...rows);
  }
  return [
    heading,
    '',
    `**${verdict.validated ? 'Validated' : 'Refused'}:** ${escapeMarkdownInline(verdict.reason)}`,
    '',
    htmlTable(['Passed', 'Check', 'Result', 'Evidence'], rows),
    htmlTable(['What', 'The gate found'], facts),
  ].join('\n');
}

/** The `checks` output: the contract's `{name, passed, detail}` per check. */
export function checksOutput(verdict: GateVerdict): string {
  return JSON.stringify(verdict.checks.map(({ name, passed, detail }) => ({ name, passed, detail })));
}
