import { latestStatus, type DeploymentRecords } from '@shipgate/records';
import { releaseOf, type DemoRelease } from './demo-repo';

/** Every deployment the demo recorded, oldest first, with its final state: the demo's closing table. */
export async function recordsTable(records: DeploymentRecords, environments: readonly string[], releases: readonly DemoRelease[]): Promise<string> {
  const rows: string[][] = [['#', 'environment', 'kind', 'release', 'sha', 'state', 'description']];
  const deployments = (await Promise.all(environments.map((environment) => records.listDeployments({ environment, limit: 100 })))).flat();
  deployments.sort((a, b) => a.id - b.id);
  for (const deployment of deployments) {
    const status = await latestStatus(records, deployment.id);
    // GitHub marks an environment's older deployment inactive, with no description, when a newer
    // one succeeds: the table says which.
    const next = deployments.find((later) => later.id > deployment.id && later.environment === deployment.environment);
    const superseded = status?.state === 'inactive' && !status.description && next ? `superseded by ${releaseOf(releases, next.sha)?.version ?? next.sha.slice(0, 7)} (#${next.id})` : '';
    const description = status?.description || superseded;
    rows.push([
      String(deployment.id),
      deployment.environment,
      deployment.payload.shipgate?.kind ?? '?',
      releaseOf(releases, deployment.sha)?.version ?? '?',
      deployment.sha.slice(0, 7),
      status?.state ?? 'none',
      description.length > 72 ? `${description.slice(0, 71)}…` : description,
    ]);
  }
  return formatColumns(rows);
}

/** Left-aligned columns two spaces apart, a rule under the header. */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}
