// Delivery-metrics API calls: how many requests one metrics run makes against the GitHub
// emulator, for histories with N deployments in a 90-day window and M older ones. The calls
// should follow N (one GraphQL page per 100 deployments, one compare per successful change
// deployment, at most the default max-comparisons, 500) and not M. Prints a table; writes bench/results/metrics.json.
// `npm run bench:metrics`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureDelivery } from '@shipgate/delivery';
import { openActionRecords } from '@shipgate/records';
import { seedDeliveryHistory } from '../../test/delivery-metrics-history';
import { startEmulator } from '../../test/emulator';
import { repoRoot } from '../../test/helpers/run-action';

const DAY = 86_400_000;
const WINDOW_MS = 90 * DAY;

interface Scenario {
  inWindow: number;
  older: number;
}

const SCENARIOS: Scenario[] = [
  { inWindow: 1000, older: 0 },
  { inWindow: 1000, older: 5000 },
  { inWindow: 1000, older: 20000 },
  { inWindow: 500, older: 5000 },
  { inWindow: 250, older: 5000 },
];

async function measure({ inWindow, older }: Scenario) {
  const emulator = await startEmulator();
  try {
    // Blocks of 10 (6 good, 1 failed, 1 rolled back, 1 rollback, 1 aborted canary) spread over the window.
    const blocks = inWindow / 10;
    seedDeliveryHistory(emulator, { blocks, older, spacingMs: WINDOW_MS / inWindow });
    emulator.clearRequests();
    const records = await openActionRecords('ghs_benchtoken', () => undefined, {
      env: { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: emulator.url },
    });
    const started = performance.now();
    const metrics = await measureDelivery(records, { environment: 'production', sinceMs: WINDOW_MS, now: new Date() });
    const ms = performance.now() - started;
    const graphql = emulator.countRequests('POST /graphql');
    const compare = emulator.countRequests('GET /repos/{owner}/{repo}/compare/{basehead}');
    return {
      inWindow,
      older,
      calls: emulator.requests.length,
      graphqlPages: graphql,
      compareCalls: compare,
      otherCalls: emulator.requests.length - graphql - compare,
      successfulChangeDeployments: metrics.counts.succeeded,
      // Beyond the default max-comparisons (LEAD_TIME_LIMITS): not compared, the run warns.
      skippedComparisons: metrics.leadTime.skippedComparisons.length,
      wallMs: Math.round(ms),
    };
  } finally {
    await emulator.close();
  }
}

const rows = [];
for (const scenario of SCENARIOS) rows.push(await measure(scenario));
const base = rows[0] as (typeof rows)[number];
console.log('deployments in window | older | API calls (GraphQL pages + compares) | skipped (max-comparisons) | vs 1,000 alone');
for (const row of rows) {
  console.log(`${String(row.inWindow).padStart(21)} | ${String(row.older).padStart(5)} | ${String(row.calls).padStart(4)} (${row.graphqlPages} + ${row.compareCalls}) | ${String(row.skippedComparisons).padStart(25)} | ${(row.calls / base.calls).toFixed(2)}`);
}
const result = {
  measured: new Date().toISOString(),
  window: '90d',
  note: 'one metrics run against the GitHub emulator; calls = every HTTP request (GraphQL pages of 100 deployments with their statuses + one compare per successful change deployment, at most max-comparisons = 500 by default)',
  runs: rows,
};
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench', 'results', 'metrics.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench/results/metrics.json');
