import { formatDuration } from '@shipgate/core';
import { request, type Dispatcher } from 'undici';
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

/** Bodies are read up to this size for `json` and `body-contains`; a health answer is far smaller. */
const MAX_BODY_BYTES = 1 << 20;

/** Sends one check's request and judges the answer against every expectation. */
export async function runCheck(check: HttpCheck, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CheckResult> {
  const base = { name: check.name, method: check.method, url: check.url };
  const timeout = AbortSignal.timeout(Math.max(1, options.timeoutMs));
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const started = performance.now();
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let body: Buffer;
  try {
    const response = await request(check.url, { method: check.method, headers: check.headers, body: check.body, signal });
    status = response.statusCode;
    headers = response.headers;
    body = await readCapped(response.body);
  } catch (error) {
    return { ...base, passed: false, failures: [describeRequestError(error, timeout.aborted, options.timeoutMs)] };
  }
  const latencyMs = performance.now() - started;
  const failures = unmetExpectations(check.expect, status, headers, body, latencyMs);
  return { ...base, passed: failures.length === 0, status, latencyMs, failures };
}

function unmetExpectations(
  expect: CheckExpectations,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  latencyMs: number,
): string[] {
  const failures: string[] = [];
  if (!statusMatches(expect.status, status)) failures.push(`status ${status}, expected ${describeStatus(expect.status)}`);
  const text = body.toString('utf8');
  if (expect.bodyContains !== undefined && !text.includes(expect.bodyContains)) {
    failures.push(`body does not contain ${JSON.stringify(expect.bodyContains)} (got ${excerpt(text)})`);
  }
  if (expect.json !== undefined) {
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

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine === '' ? 'an empty body' : JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}
