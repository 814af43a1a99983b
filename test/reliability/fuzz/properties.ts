import type { LoggedRequest } from '../../emulator';
import type { Candidate } from './hostile';
import type { CaseRun } from './in-process';
import type { Sandbox } from './sandbox';

/** What a case was, for judging its run. */
export interface CaseFacts {
  /** Every input of the action with its generated value. */
  inputs: Record<string, Candidate>;
  /** Secret values of this case (token, header values, credentials after `Bearer `, URL passwords). */
  secrets: string[];
  /** ShipgateError messages that are a legitimate verdict rather than an input problem (a failed smoke test, a refused gate). */
  verdict: RegExp;
  /** Extra places the run wrote to (the JSON report), by channel name. */
  files?: Record<string, string>;
  /** Names an error may use for the input besides `Input '<name>'` (e.g. `checks file`). */
  aliases?: Record<string, RegExp>;
}

export type Classification = 'success' | 'input-error' | 'verdict' | 'unnamed-error' | 'bug';

/** A workflow command is a line that starts with `::` (after optional whitespace). */
const COMMAND_LINE = /^\s*::/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** GitHub's limits on what shipgate sends (description: 140 characters; environment name: 255). */
const GITHUB_LIMITS: Record<string, number> = { description: 140, environment: 255 };
const MAX_SUMMARY_BYTES = 1024 * 1024;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** success / an input error naming an input / a legitimate verdict / an error naming nothing / a bug. */
export function classify(run: CaseRun, facts: CaseFacts): { kind: Classification; named?: string } {
  const { outcome } = run;
  if (outcome.kind === 'success') return { kind: 'success' };
  if (outcome.kind === 'bug') return { kind: 'bug' };
  const names = Object.keys(facts.inputs);
  const explicit = /^Input '([^']+)'/.exec(outcome.message)?.[1];
  if (explicit !== undefined && names.includes(explicit)) return { kind: 'input-error', named: explicit };
  if (facts.verdict.test(outcome.message)) return { kind: 'verdict' };
  for (const [name, pattern] of Object.entries(facts.aliases ?? {})) if (pattern.test(outcome.message)) return { kind: 'input-error', named: name };
  const named = names.find((name) => new RegExp(`(^|[^\\w-])${escapeRegExp(name)}([^\\w-]|$)`).test(outcome.message));
  return named ? { kind: 'input-error', named } : { kind: 'unnamed-error' };
}

/**
 * Every property of issue 8 item 6 for one run; returns the violations (empty = the case passed):
 * no bug, errors name an input, must-refuse values refused with nothing changed, no workflow
 * command smuggled into the log, no secret or out-of-workspace content in any channel, GitHub's
 * limits kept, no command the user did not write.
 */
export function violations(run: CaseRun, facts: CaseFacts, sandbox: Sandbox, calls: ReturnType<Sandbox['takeCalls']>): string[] {
  const found: string[] = [];
  const { kind } = classify(run, facts);
  const { outcome } = run;
  if (outcome.kind === 'bug') found.push(`a bug, not a ShipgateError: ${outcome.detail.split('\n').slice(0, 2).join(' | ').slice(0, 300)}`);
  if (kind === 'unnamed-error' && outcome.kind === 'shipgate-error') found.push(`a ShipgateError that names no input: ${JSON.stringify(outcome.message.slice(0, 300))}`);

  const refusable = Object.entries(facts.inputs).filter(([, c]) => c.mustRefuse !== undefined);
  if (refusable.length > 0 && kind !== 'input-error' && kind !== 'bug') {
    const [name, candidate] = refusable[0] as [string, Candidate];
    found.push(`accepted ${name}=${JSON.stringify(candidate.value.slice(0, 80))} (${candidate.mustRefuse}); outcome ${kind}${outcome.kind === 'shipgate-error' ? `: ${JSON.stringify(outcome.message.slice(0, 200))}` : ''}`);
  }
  if (kind === 'input-error' || refusable.length > 0) {
    const writes = run.requests.filter((r) => changesGitHub(r) && r.status < 300);
    if (writes.length > 0) found.push(`changed GitHub on bad input: ${writes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    if (calls.recorded.length > 0) found.push(`ran the deploy command on bad input: ${JSON.stringify(calls.recorded[0]?.argv)}`);
  }

  for (const line of run.logLines) {
    if (COMMAND_LINE.test(line)) found.push(`log line would run a workflow command: ${JSON.stringify(line.slice(0, 120))}`);
  }

  // The runner masks what setSecret registered, in its log only; everything else is published as is.
  const maskedLog = [...run.logLines, ...run.annotations].map((line) => run.masked.filter((s) => s !== '').reduce((text, s) => text.replaceAll(s, '***'), line));
  const channels: Record<string, string> = {
    log: maskedLog.join('\n'),
    outputs: JSON.stringify(run.outputs),
    state: JSON.stringify(run.state),
    summary: run.summary,
    github: JSON.stringify(run.requests.map((r) => [r.path, r.query, r.body])),
    ...facts.files,
  };
  const rawChannels: Record<string, string> = { ...channels, outputs: Object.values(run.outputs).join('\n'), state: Object.values(run.state).join('\n'), github: run.requests.flatMap((r) => strings(r.body)).join('\n') };
  for (const secret of facts.secrets) {
    for (const [channel, text] of Object.entries(channels)) {
      if (text.includes(secret) || (rawChannels[channel] ?? '').includes(secret)) found.push(`secret ${JSON.stringify(secret)} published in ${channel}`);
    }
  }
  for (const [channel, text] of Object.entries(rawChannels)) {
    if (text.includes(sandbox.victimMarker)) found.push(`content of a file outside the workspace published in ${channel}`);
  }

  for (const request of run.requests) {
    if (request.method === 'GET' || typeof request.body !== 'object' || request.body === null) continue;
    for (const [field, value] of Object.entries(request.body as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const limit = GITHUB_LIMITS[field];
      if (limit !== undefined && value.length > limit) found.push(`sent GitHub a ${field} of ${value.length} characters (limit ${limit}) in ${request.method} ${request.path}`);
      if (['environment', 'context', 'ref', 'description', 'environment_url', 'target_url', 'log_url', 'state'].includes(field) && CONTROL.test(value)) {
        found.push(`sent GitHub a ${field} with a control character: ${JSON.stringify(value.slice(0, 80))}`);
      }
    }
  }
  const summaryBytes = Buffer.byteLength(run.summary);
  if (summaryBytes > MAX_SUMMARY_BYTES) found.push(`job summary of ${summaryBytes} bytes (GitHub accepts 1 MiB per step)`);

  if (calls.intruded.length > 0) found.push(`ran a command the user did not write: ${JSON.stringify(calls.intruded[0])}`);
  const outside = sandbox.outsideChanges();
  if (outside.length > 0) found.push(`wrote outside the workspace: ${outside.join(', ')}`);
  return found;
}

/** A request that can change GitHub: anything but a GET and a GraphQL query (a POST that only reads; a mutation writes). */
export function changesGitHub(request: LoggedRequest): boolean {
  if (request.method === 'GET') return false;
  if (request.method === 'POST' && request.path === '/graphql') {
    const query = (request.body as { query?: unknown } | null)?.query;
    return typeof query !== 'string' || /^\s*mutation\b/.test(query);
  }
  return true;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/** Counts outcomes over a property's cases, for observe(): the real figures of the run. */
export class Tally {
  readonly counts: Record<Classification, number> = { success: 0, 'input-error': 0, verdict: 0, 'unnamed-error': 0, bug: 0 };
  cases = 0;
  failingCases = 0;
  leaks = 0;
  injections = 0;
  mustRefuse = 0;
  slowestMs = 0;
  /** Cases over 5 s (retries, hangs): what the run would save once they end promptly. */
  slowCases = 0;
  slowMs = 0;
  readonly kinds = new Map<string, number>();

  add(kind: Classification, found: string[], mustRefuse: boolean, durationMs: number): void {
    this.cases += 1;
    this.counts[kind] += 1;
    if (mustRefuse) this.mustRefuse += 1;
    if (found.length > 0) this.failingCases += 1;
    if (found.some((f) => f.startsWith('secret') || f.startsWith('content of a file'))) this.leaks += 1;
    if (found.some((f) => f.startsWith('log line would run'))) this.injections += 1;
    for (const f of found) {
      const key = f.replace(/[:(="][\s\S]*$/, '').replace(/\d+/g, 'N').trim();
      this.kinds.set(key, (this.kinds.get(key) ?? 0) + 1);
    }
    this.slowestMs = Math.max(this.slowestMs, durationMs);
    if (durationMs > 5_000) {
      this.slowCases += 1;
      this.slowMs += durationMs;
    }
  }

  describe(): string {
    const c = this.counts;
    const kinds = [...this.kinds].map(([k, n]) => `${n}× ${k}`).join('; ');
    return (
      `${this.cases} cases (${this.mustRefuse} with a value that must be refused): ${c['input-error']} input errors naming the input, ${c.success} successes, ${c.verdict} verdicts, ` +
      `${c['unnamed-error']} errors naming no input, ${c.bug} bugs, ${this.leaks} leaks, ${this.injections} workflow-command injections; ` +
      `${this.failingCases} cases violated a property${kinds ? ` (${kinds})` : ''}; slowest case ${Math.round(this.slowestMs)} ms; ${this.slowCases} cases over 5 s took ${Math.round(this.slowMs / 1000)} s`
    );
  }
}
