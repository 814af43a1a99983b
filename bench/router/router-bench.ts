// Router cut-over benchmark: how long after setWeight(0) is called until every request a client
// sends is served by stable, for real nginx (rewrite + `nginx -t` + reload) and real HAProxy
// (Runtime API), each in front of two local apps. Clients keep sending on keep-alive
// connections throughout, as real ones do. Median of 20 per router; writes
// bench/results/router.json. Run with `npm run bench:router` (needs nginx and haproxy installed).
// Options: --trials 20, --out PATH.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { createRouter, type TrafficRouter } from '@shipgate/traffic';
import { startHaproxy } from '../../test/helpers/haproxy-server';
import { sendUntil } from '../../test/helpers/keep-alive-clients';
import { startNginx } from '../../test/helpers/nginx-server';
import { startTrackApps } from '../../test/helpers/track-apps';

/** Requests in flight at once, each loop on its own keep-alive connection. */
const CLIENTS = 4;
/** How long clients keep sending after setWeight(0) returned (and nginx's old workers left). */
const TAIL_MS = 300;

interface Trial {
  /** setWeight(0) call → the first request sent after the last one the canary served. */
  cutoverMs: number;
  /** How long setWeight(0) itself took. */
  setWeightMs: number;
  /** Requests that failed during the switch (reset keep-alive connections and such). */
  failed: number;
}

async function trial(url: string, router: TrafficRouter, settle: () => Promise<void>): Promise<Trial> {
  await router.setWeight(50);
  await settle();
  let release!: () => void;
  const stop = new Promise<void>((done) => (release = done));
  const traffic = sendUntil(url, stop, CLIENTS);
  await new Promise((done) => setTimeout(done, 100)); // connections open, both tracks serving
  const called = performance.now();
  await router.setWeight(0);
  const setWeightMs = performance.now() - called;
  await settle();
  await new Promise((done) => setTimeout(done, TAIL_MS));
  release();
  const { sent, failed } = await traffic;
  const after = sent.filter((request) => request.at >= called).sort((a, b) => a.at - b.at);
  const lastCanary = after.findLastIndex((request) => request.track === 'canary');
  const firstStableOnly = after[lastCanary + 1];
  if (!firstStableOnly) throw new Error('no request was sent after the canary stopped serving');
  return { cutoverMs: firstStableOnly.at - called, setWeightMs, failed };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '20' }, out: { type: 'string', default: join(process.env.SHIPGATE_ROOT ?? '.', 'bench/results/router.json') } } });
  const trials = Number(values.trials);
  const apps = await startTrackApps();
  const quiet = { timeoutMs: 10_000, log: () => {}, stdout: new PassThrough(), stderr: new PassThrough() };
  const results: Record<string, Trial[]> = {};
  try {
    const nginx = await startNginx({ stable: apps.stable.port, canary: apps.canary.port });
    try {
      const inputs: Record<string, string> = { 'nginx-config': nginx.upstreamFile, 'nginx-test-command': nginx.testCommand, 'nginx-reload-command': nginx.reloadCommand };
      const router = createRouter('nginx', (name) => inputs[name] ?? '', quiet);
      results.nginx = [];
      for (let i = 0; i < trials; i++) results.nginx.push(await trial(nginx.url, router, () => nginx.settled()));
    } finally {
      await nginx.stop();
    }
    const haproxy = await startHaproxy({ stable: apps.stable.port, canary: apps.canary.port });
    try {
      const inputs: Record<string, string> = { 'haproxy-socket': haproxy.socket, 'haproxy-backend': 'app', 'haproxy-canary-server': 'canary', 'haproxy-stable-server': 'stable' };
      const router = createRouter('haproxy', (name) => inputs[name] ?? '', quiet);
      results.haproxy = [];
      for (let i = 0; i < trials; i++) results.haproxy.push(await trial(haproxy.url, router, async () => {}));
    } finally {
      await haproxy.stop();
    }
  } finally {
    await apps.close();
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        trials: runs.length,
        medianCutoverMs: Number(median(runs.map((run) => run.cutoverMs)).toFixed(2)),
        maxCutoverMs: Number(Math.max(...runs.map((run) => run.cutoverMs)).toFixed(2)),
        medianSetWeightMs: Number(median(runs.map((run) => run.setWeightMs)).toFixed(2)),
        failedRequests: runs.reduce((sum, run) => sum + run.failed, 0),
      },
    ]),
  );
  console.log(`setWeight(0) → first request served by stable only (median of ${trials}, ${CLIENTS} keep-alive clients sending throughout)`);
  console.log('router   cut-over median   cut-over max   setWeight(0) median   failed requests');
  for (const [name, figures] of Object.entries(summary)) {
    console.log(
      `${name.padEnd(8)} ${`${figures.medianCutoverMs} ms`.padStart(15)}   ${`${figures.maxCutoverMs} ms`.padStart(12)}   ${`${figures.medianSetWeightMs} ms`.padStart(19)}   ${String(figures.failedRequests).padStart(15)}`,
    );
  }
  if (summary.nginx && summary.haproxy) console.log(`nginx / HAProxy cut-over: ${(summary.nginx.medianCutoverMs / summary.haproxy.medianCutoverMs).toFixed(1)}x`);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ measured: new Date().toISOString(), clients: CLIENTS, summary, runs: results }, null, 2)}\n`);
}

await main();
