// Judge-quality benchmark: seeded simulated canary rollouts judged by shipgate and three
// anchors on the very same streams. Prints false-abort and detection rates per cell and
// method, checks the issue's "Done when" criteria, and writes bench/results/judge.json.
// Run with `npm run bench:judge` (bench/run-typescript.mjs bundles this file first).
// Options: --fast (a tenth of the trials, written to the temp dir: for iterating), --trial-scale 0.1,
// --workers N, --out PATH. Only a full run (2,000 trials a null cell) can pass criterion 1.
import { writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { allCells, type Cell } from './cells';
import { flaggerDefaults, kayenta, oracleSprt, shipgate, tunedThresholds, type Method } from './methods';
import { Random, hashString } from './random';
import { median, wilsonInterval } from './statistics';
import { simulate } from './streams';

const methods: Record<string, Method> = {
  shipgate: shipgate(0.9),
  'shipgate (p99 cut)': shipgate(0.99),
  'shipgate (margin 1)': shipgate(0.9, { harmMargin: 1 }),
  'oracle sprt (knows r)': oracleSprt,
  'flagger defaults': flaggerDefaults,
  'tuned thresholds': tunedThresholds,
  'kayenta mann-whitney': kayenta,
};
const methodNames = Object.keys(methods);

interface MethodOutcome {
  aborts: number;
  canaryRequestsToAbort: number[];
}

function runCell(cell: Cell): Record<string, MethodOutcome> {
  const outcomes: Record<string, MethodOutcome> = {};
  for (const name of methodNames) outcomes[name] = { aborts: 0, canaryRequestsToAbort: [] };
  const seed = hashString(cell.cell);
  for (let trial = 0; trial < cell.trials; trial++) {
    const stream = simulate(cell.scenario, new Random(seed ^ Math.imul(trial + 1, 0x9e3779b1)));
    for (const name of methodNames) {
      const abortPoll = methods[name]!(stream, cell.scenario);
      if (abortPoll < 0) continue;
      let canaryRequests = 0;
      for (let p = 0; p <= abortPoll; p++) canaryRequests += stream.requests[p * 2]!;
      outcomes[name]!.aborts += 1;
      outcomes[name]!.canaryRequestsToAbort.push(canaryRequests);
    }
  }
  return outcomes;
}

interface Row {
  cell: string;
  rps: number;
  baselineErrorRate: number;
  regression: string;
  method: string;
  trials: number;
  abortRate: number;
  abortRateWilson: [number, number];
  medianCanaryRequestsToAbort: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fast: { type: 'boolean', default: false },
      'trial-scale': { type: 'string' },
      workers: { type: 'string', default: '2' },
      out: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const trialScale = Number(values['trial-scale'] ?? (values.fast ? 0.1 : 1));
  const out = values.out ?? (values.fast ? join(tmpdir(), 'shipgate-judge-fast.json') : 'bench/results/judge.json');
  const workerCount = Math.max(1, Number(values.workers));
  // --only: a regular expression on cell names, for iterating on a few cells (criteria then see only those).
  const cells = allCells(trialScale).filter((c) => values.only === undefined || new RegExp(values.only).test(c.cell));
  const started = Date.now();
  const results = new Map<number, Record<string, MethodOutcome>>();
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    const workers = Array.from({ length: workerCount }, () => new Worker(fileURLToPath(import.meta.url), { workerData: { trialScale, only: values.only } }));
    for (const worker of workers) {
      worker.on('error', reject);
      worker.on('message', (message: { index: number; outcomes: Record<string, MethodOutcome> }) => {
        results.set(message.index, message.outcomes);
        if (process.stderr.isTTY) process.stderr.write(`\r${results.size}/${cells.length} cells, ${Math.round((Date.now() - started) / 1000)} s   `);
        if (next < cells.length) worker.postMessage(next++);
        else void worker.terminate();
        if (results.size === cells.length) resolve();
      });
      if (next < cells.length) worker.postMessage(next++);
    }
  });
  if (process.stderr.isTTY) process.stderr.write('\n');

  const rows: Row[] = [];
  cells.forEach((cell, index) => {
    for (const method of methodNames) {
      const o = results.get(index)![method]!;
      const abortRate = o.aborts / cell.trials;
      rows.push({
        cell: cell.cell, rps: cell.rps, baselineErrorRate: cell.baselineErrorRate, regression: cell.regression, method,
        trials: cell.trials, abortRate, abortRateWilson: wilsonInterval(o.aborts, cell.trials),
        medianCanaryRequestsToAbort: abortRate >= 0.5 ? median(o.canaryRequestsToAbort) : null,
      });
    }
  });
  printTable(rows);
  if (values.only === undefined) printCriteria(rows, cells);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ cells: rows }, null, 1)}\n`);
  console.log(`\nwrote ${out} (${rows.length} rows) in ${Math.round((Date.now() - started) / 1000)} s, trial scale ${trialScale}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const reqs = (x: number | null) => (x === null ? '-' : String(Math.round(x)));

function printTable(rows: Row[]): void {
  console.log('cell'.padEnd(44) + methodNames.map((m) => m.padStart(24)).join(''));
  const byCell = new Map<string, Row[]>();
  for (const r of rows) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), r]);
  for (const [cell, cellRows] of byCell) {
    const isNull = cellRows[0]!.regression === 'none';
    const text = cellRows.map((r) =>
      (isNull
        ? `${pct(r.abortRate)} [${pct(r.abortRateWilson[0])},${pct(r.abortRateWilson[1])}]`
        : `${pct(r.abortRate)} @${reqs(r.medianCanaryRequestsToAbort)}`
      ).padStart(24),
    );
    console.log(`${cell} (${isNull ? 'false aborts' : 'detected @median canary req'})`.padEnd(44).slice(0, 44) + text.join(''));
  }
}

function printCriteria(rows: Row[], cells: Cell[]): void {
  const find = (cell: string, method = 'shipgate') => rows.find((r) => r.cell === cell && r.method === method)!;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const fullTrials = 2000;
  console.log('\nDone-when criteria (issue 13; "shipgate" is the default judge: alpha 0.05, harm margin 1.1, p90 cut):');

  const nullRows = (method: string) => rows.filter((r) => r.method === method && r.regression === 'none');
  const nullCheck = nullRows('shipgate').map((r) => ({ r, ok: r.abortRate <= 0.05 }));
  const full = nullCheck.every((w) => w.r.trials >= fullTrials);
  console.log(
    `1. every null cell aborts ≤ 5 % of ${fullTrials} trials: ${verdict(full && nullCheck.every((w) => w.ok))}` +
      (full ? '' : ` (fast mode: ${nullCheck[0]?.r.trials} trials a null cell, not ${fullTrials})`),
  );
  for (const w of nullCheck) {
    const p99 = find(w.r.cell, 'shipgate (p99 cut)');
    const strict = find(w.r.cell, 'shipgate (margin 1)');
    console.log(
      `   ${w.r.cell}: ${pct(w.r.abortRate)} of ${w.r.trials} [${pct(w.r.abortRateWilson[0])}, ${pct(w.r.abortRateWilson[1])}]${w.ok ? '' : '  <-- over'}` +
        `  (p99 cut ${pct(p99.abortRate)}, margin 1 ${pct(strict.abortRate)})`,
    );
  }

  const h = (reg: string, cell = '100rps/0.5%') => find(`${cell}/${reg}`);
  const detection: [string, boolean][] = [
    [`errors x1.5 at 100 rps, 0.5 % detected in ≥ 95 %: ${pct(h('errors x1.5').abortRate)}`, h('errors x1.5').abortRate >= 0.95],
    [`errors x2 at 20 rps, 0.5 % detected in ≥ 90 %: ${pct(h('errors x2', '20rps/0.5%').abortRate)}`, h('errors x2', '20rps/0.5%').abortRate >= 0.9],
    [`p99 +50% at 100 rps, 0.5 % in ≤ 600 median canary requests: ${reqs(h('p99 +50%').medianCanaryRequestsToAbort)} (detected ${pct(h('p99 +50%').abortRate)})`, (h('p99 +50%').medianCanaryRequestsToAbort ?? Infinity) <= 600],
  ];
  console.log(`2. regression cells keep today's detection: ${verdict(detection.every(([, ok]) => ok))}`);
  for (const [text, ok] of detection) console.log(`   ${text} ${verdict(ok)}`);

  const oracle = h('errors x2', '100rps/0.5%');
  const oracleRow = find(oracle.cell, 'oracle sprt (knows r)');
  const strictRow = find(oracle.cell, 'shipgate (margin 1)');
  const ratio = (r: Row) => (r.medianCanaryRequestsToAbort === null || oracleRow.medianCanaryRequestsToAbort === null ? Infinity : r.medianCanaryRequestsToAbort / oracleRow.medianCanaryRequestsToAbort);
  console.log(
    `3. oracle ratio at errors x2 (100 rps, 0.5 %, alpha 0.05, margin 1) ≤ 1.4: ${ratio(strictRow).toFixed(2)} ${verdict(ratio(strictRow) <= 1.4)}` +
      `\n   median canary requests to abort: shipgate (margin 1) ${reqs(strictRow.medianCanaryRequestsToAbort)}, oracle SPRT knowing r = 2 ${reqs(oracleRow.medianCanaryRequestsToAbort)}` +
      `\n   cost of the default margin 1.1: shipgate ${reqs(oracle.medianCanaryRequestsToAbort)} canary requests, ratio ${ratio(oracle).toFixed(2)} to the oracle`,
  );
  const kept: [string, boolean][] = [
    [`errors x2 median ≤ 3000: ${reqs(h('errors x2').medianCanaryRequestsToAbort)}`, (h('errors x2').medianCanaryRequestsToAbort ?? Infinity) <= 3000],
    [`errors x5 median ≤ 600: ${reqs(h('errors x5').medianCanaryRequestsToAbort)}`, (h('errors x5').medianCanaryRequestsToAbort ?? Infinity) <= 600],
    [`p99 +20% median ≤ 1500: ${reqs(h('p99 +20%').medianCanaryRequestsToAbort)}`, (h('p99 +20%').medianCanaryRequestsToAbort ?? Infinity) <= 1500],
  ];
  console.log(`   earlier targets at 100 rps, 0.5 %: ${kept.map(([text, ok]) => `${text} ${verdict(ok)}`).join('; ')}`);

  console.log('4. (informational) where an anchor detects ≥ 50 %, shipgate median ≤ half the anchor median:');
  const anchors = methodNames.filter((m) => !m.startsWith('shipgate') && !m.startsWith('oracle'));
  let all = true;
  let allHonest = true;
  for (const cell of cells.filter((c) => c.regression !== 'none')) {
    const ours = find(cell.cell);
    for (const anchor of anchors) {
      const theirs = find(cell.cell, anchor);
      if (theirs.abortRate < 0.5) continue;
      const nullCell = `${cell.cell.split('/').slice(0, 2).join('/')}/none`;
      const anchorNull = find(nullCell, anchor).abortRate;
      const ok = ours.medianCanaryRequestsToAbort !== null && ours.medianCanaryRequestsToAbort <= theirs.medianCanaryRequestsToAbort! / 2;
      // An anchor that aborts > 5 % of good canaries in the matching null cell is not detecting; it is aborting.
      const honestAnchor = anchorNull <= 0.05;
      all &&= ok;
      if (honestAnchor) allHonest &&= ok;
      if (!ok || !honestAnchor) {
        console.log(`   ${cell.cell} vs ${anchor}: shipgate ${reqs(ours.medianCanaryRequestsToAbort)} (${pct(ours.abortRate)}) vs ${reqs(theirs.medianCanaryRequestsToAbort)} (${pct(theirs.abortRate)}), anchor false aborts in ${nullCell}: ${pct(anchorNull)} ${ok ? 'ok' : 'NOT half'}`);
      }
    }
  }
  console.log(`   strict (every anchor): ${verdict(all)}; against anchors whose own null-cell false aborts are ≤ 5 %: ${verdict(allHonest)}`);
  const tunedNull = rows.filter((r) => r.method === 'tuned thresholds' && r.regression === 'none');
  const tunedBreaks = tunedNull.filter((r) => r.abortRate > 0.05).length;
  console.log(`   tuned thresholds break the 5 % false-abort bound in ${tunedBreaks} of ${tunedNull.length} null cells; shipgate in ${nullCheck.filter((w) => !w.ok).length}`);
}

if (!isMainThread) {
  const { trialScale, only } = workerData as { trialScale: number; only?: string };
  const cells = allCells(trialScale).filter((c) => only === undefined || new RegExp(only).test(c.cell));
  parentPort!.on('message', (index: number) => {
    parentPort!.postMessage({ index, outcomes: runCell(cells[index]!) });
  });
} else {
  await main();
}
