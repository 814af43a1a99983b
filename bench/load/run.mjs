#!/usr/bin/env node
// shipgate's load engine (dist/shipgate-load) against autocannon on the same local server
// (a child process), the same request count and concurrency, run alternately in this one
// process so both see the same machine state. Prints the median requests/s of each, the
// ratio (median of the per-round ratios), and the p99 latency of each.
// Usage: node bench/load/run.mjs [requests=100000] [rounds=5]   (after `npm run build`)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

const requests = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);
const concurrencies = [10, 50];
const bundle = resolve(import.meta.dirname, '..', '..', 'dist', 'shipgate-load', 'index.js');
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing; run: node scripts/build.mjs shipgate-load`);
  process.exit(1);
}
const { runLoad } = await import(pathToFileURL(bundle).href);

const server = spawn(process.execPath, [resolve(import.meta.dirname, 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = await once(server.stdout, 'data');
const url = `http://127.0.0.1:${String(portLine).trim()}/health`;

async function shipgate(concurrency) {
  const started = performance.now();
  const result = await runLoad({ url, requests, concurrency, timeoutMs: 10_000 });
  const seconds = (performance.now() - started) / 1000;
  if (result.errors > 0) throw new Error(`shipgate saw ${result.errors} errors: ${JSON.stringify(result.outcomes)}`);
  return { rps: result.requests / seconds, p99: result.latency.p99Ms };
}

async function cannon(concurrency) {
  // autocannon only notices it is done at its next sample tick (every second by default), so
  // its wall time is rounded up to whole seconds; time it to its last response instead.
  let last = 0;
  const started = performance.now();
  const instance = autocannon({ url, connections: concurrency, amount: requests, pipelining: 1 });
  instance.on('response', () => (last = performance.now()));
  const result = await instance;
  const seconds = (last - started) / 1000;
  const sent = result['2xx'] + result.non2xx + result.errors;
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`autocannon saw ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: sent / seconds, p99: result.latency.p99 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [];
try {
  for (const concurrency of concurrencies) {
    await shipgate(concurrency); // warm both: JIT, connections, the server's own warm-up
    await cannon(concurrency);
    const runs = { shipgate: [], autocannon: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first so neither always follows the other's leftovers.
      const order = round % 2 === 0 ? ['shipgate', 'autocannon'] : ['autocannon', 'shipgate'];
      for (const name of order) runs[name].push(await (name === 'shipgate' ? shipgate : cannon)(concurrency));
    }
    const s = { rps: median(runs.shipgate.map((r) => r.rps)), p99: median(runs.shipgate.map((r) => r.p99)) };
    const a = { rps: median(runs.autocannon.map((r) => r.rps)), p99: median(runs.autocannon.map((r) => r.p99)) };
    // Each round's two runs sat side by side in time: their ratio cancels the machine's drift.
    const ratios = runs.shipgate.map((r, i) => r.rps / runs.autocannon[i].rps);
    const ratio = median(ratios);
    lines.push(
      `concurrency ${concurrency}, ${requests} requests x ${rounds} rounds (medians):\n` +
        `  shipgate:   ${s.rps.toFixed(0).padStart(6)} req/s   p99 ${s.p99.toFixed(2)} ms\n` +
        `  autocannon: ${a.rps.toFixed(0).padStart(6)} req/s   p99 ${a.p99.toFixed(2)} ms (autocannon records whole milliseconds)\n` +
        `  ratio shipgate/autocannon: ${ratio.toFixed(2)}x (median of per-round ratios ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; target >= 0.90x) ${ratio >= 0.9 ? 'ok' : 'BELOW TARGET'}`,
    );
    console.log(lines.at(-1));
  }
} finally {
  server.kill('SIGTERM');
}
