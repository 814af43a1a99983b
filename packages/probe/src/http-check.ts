import { formatDuration } from '@shipgate/core';
import { Agent, request, type Dispatcher } from 'undici';
import { startDeadline } from './deadline';
import { jsonSubsetMismatch } from './json-subset';
import { describeRequestError } from './request-error';
import { describeStatus, statusMatches, type StatusExpectation } from './status-expectation';

export interface CheckExpectations {
  status: StatusExpectation;
  /** Subset of the JSON body. */
  json?: unknown;
  bodyContains?: string;
  /** Response header name → text its value must contain (case-insensitive). */
  headers?: Record<string, string>;
  maxLatencyMs?: number;
}

export interface HttpCheck {
  name: string;
  method: Dispatcher.HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  expect: CheckExpectations;
}

export interface CheckResult {
  name: string;
  method: string;
  url: string;
  passed: boolean;
  /** Undefined when no answer came. */
  status?: number;
  /** Time to the last byte of the body. */
  latencyMs?: number;
  /** Each unmet expectation, one line each; empty when passed. */
  failures: string[];
}

/**
 * A check that inspects the body (`json`, `body-contains`) keeps at most this much of it; a
 * health answer is far smaller, and an endless body must not fill the runner's memory. A check
 * that does not inspect the body reads it to the end (its latency is time to the last byte).
 */
const MAX_BODY_BYTES = 1 << 20;
const MAX_BODY_BYTES_TEXT = '1 MiB';

/** Undici's own timeouts are per-chunk idle timers (and 300 s by default): the deadline bounds the whole request instead. */
const checkDispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

/**
 * Sends one check's request and judges the answer against every expectation. `timeoutMs` bounds
 * the whole request, body included: a server that drips its body or never ends it fails the check.
 */
export async function runCheck(check: HttpCheck, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CheckResult> {
  const base = { name: check.name, method: check.method, url: check.url };
  const deadline = startDeadline(Math.max(1, options.timeoutMs), options.signal);
  const inspectsBody = check.expect.json !== undefined || check.expect.bodyContains !== undefined;
  const started = performance.now();
  let status: number | undefined;
  let headers: Record<string, string | string[] | undefined>;
  let body: CappedBody;
  try {
    const response = await request(check.url, {
      method: check.method,
      headers: check.headers,
      body: check.body,
      signal: deadline.signal,
      dispatcher: checkDispatcher,
    });
    status = response.statusCode;
    headers = response.headers;
    body = await readBody(response.body, inspectsBody ? MAX_BODY_BYTES : 0);
  } catch (error) {
    const failure = describeRequestError(error, { timedOut: deadline.expired, timeoutMs: options.timeoutMs, answered: status !== undefined });
    return { ...base, passed: false, status, failures: [failure] };
  } finally {
    deadline.clear();
  }
  const latencyMs = performance.now() - started;
  const failures = unmetExpectations(check.expect, status, headers, body, latencyMs);
  return { ...base, passed: failures.length === 0, status, latencyMs, failures };
}

function unmetExpectations(
  expect: CheckExpectations,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: CappedBody,
  latencyMs: number,
): string[] {
  const failures: string[] = [];
  if (!statusMatches(expect.status, status)) failures.push(`status ${status}, expected ${describeStatus(expect.status)}`);
  const text = body.kept.toString('utf8');
  const within = body.truncated ? ` in its first ${MAX_BODY_BYTES_TEXT}` : '';
  if (expect.bodyContains !== undefined && !text.includes(expect.bodyContains)) {
    failures.push(`body does not contain ${JSON.stringify(expect.bodyContains)}${within} (got ${excerpt(text)})`);
  }
  if (expect.json !== undefined && body.truncated) {
    failures.push(`body is over ${MAX_BODY_BYTES_TEXT}, the most shipgate reads to compare JSON`);
  } else if (expect.json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      failures.push(`body is not JSON (got ${excerpt(text)})`);
    }
    const mismatch = parsed === undefined ? undefined : jsonSubsetMismatch(expect.json, parsed);
    if (mismatch) failures.push(`json ${mismatch}`);
  }
  for (const [name, wanted] of Object.entries(expect.headers ?? {})) {
    const raw = headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (value === undefined) failures.push(`header ${name} missing, expected ${JSON.stringify(wanted)}`);
    else if (!value.toLowerCase().includes(wanted.toLowerCase())) failures.push(`header ${name} is ${JSON.stringify(value)}, expected ${JSON.stringify(wanted)}`);
  }
  if (expect.maxLatencyMs !== undefined && latencyMs > expect.maxLatencyMs) {
    failures.push(`latency ${formatDuration(latencyMs)} over ${formatDuration(expect.maxLatencyMs)}`);
  }
  return failures;
}

interface CappedBody {
  /** The first `keep` bytes at most. */
  kept: Buffer;
  /** More than `keep` bytes came; reading stopped there. */
  truncated: boolean;
}

/** Reads a body to its end, keeping its first `keep` bytes; stops (and closes it) past `keep` when `keep` > 0. */
async function readBody(body: AsyncIterable<Buffer> & { destroy(): unknown }, keep: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (keep === 0) continue;
    chunks.push(chunk);
    size += chunk.length;
    if (size > keep) {
      body.destroy();
      return { kept: Buffer.concat(chunks).subarray(0, keep), truncated: true };
    }
  }
  return { kept: Buffer.concat(chunks), truncated: false };
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine === '' ? 'an empty body' : JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}
