import { Agent, request } from 'undici';
import type { WebhookMessage } from './message';

/** Undici's own timeouts are per-chunk idle timers: the caller's deadline bounds the whole exchange instead. */
const webhookDispatcher = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
/** Pause before the one retry (a refused connection, a 5xx or a 429) when the answer names none (Retry-After). */
const RETRY_PAUSE_MS = 250;
/** A retry is only worth it with at least this much of the deadline left after its pause. */
const MIN_RETRY_BUDGET_MS = 1_000;
/** Bytes of an error answer read: Slack answers `invalid_payload`, `no_service`, ... */
const MAX_ANSWER_BYTES = 512;
/**
 * The error codes Slack's incoming webhooks answer with (api.slack.com/messaging/webhooks#handling_errors,
 * plus the Block Kit ones): the only answers quoted in a warning. Any other body could echo what was
 * sent or a piece of the URL.
 */
const KNOWN_ANSWERS = new Set([
  'invalid_payload',
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_blocks',
  'too_many_attachments',
  'no_text',
  'missing_text_or_fallback_or_attachments',
  'user_not_found',
  'channel_not_found',
  'channel_is_archived',
  'action_prohibited',
  'posting_to_general_channel_denied',
  'no_service',
  'no_service_id',
  'no_team',
  'team_disabled',
  'invalid_token',
  'invalid_auth',
  'rollup_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
  'rate_limited',
]);

export type DeliveryResult = { delivered: true } | { delivered: false; problem: string; cancelled: boolean; timedOut: boolean };

export interface DeliveryOptions {
  /** performance.now() by which delivery is given up, retry included. */
  deadline: number;
  /** The job's cancel: stops at once. */
  signal: AbortSignal;
}

type Attempt = { ok: true } | { ok: false; problem: string; retry: boolean; retryAfterMs?: number; cancelled?: boolean; timedOut?: boolean };

/**
 * Posts a message to a webhook URL within a total deadline: one attempt, and one retry only when
 * the first cannot have been posted or was refused for now — a refused connection (nothing was
 * sent), a 5xx or a 429 — and the pause (Retry-After when the answer gives one) plus a second
 * still fit before the deadline. A reset or a timeout after the request went out is not retried:
 * the chat may have posted it, and a retry would post it twice. Never throws; the problem never
 * quotes the URL (it is a secret).
 */
export async function deliverMessage(url: string, message: WebhookMessage, options: DeliveryOptions): Promise<DeliveryResult> {
  const body = JSON.stringify(message);
  let attempt = await attemptOnce(url, body, options);
  const pauseMs = !attempt.ok ? (attempt.retryAfterMs ?? RETRY_PAUSE_MS) : 0;
  if (!attempt.ok && attempt.retry && remaining(options.deadline) >= MIN_RETRY_BUDGET_MS + pauseMs) {
    await pause(pauseMs, options.signal);
    const first = attempt.problem;
    attempt = await attemptOnce(url, body, options);
    if (!attempt.ok && !attempt.cancelled) attempt = { ...attempt, problem: first === attempt.problem ? `${first} (twice)` : `${first}, then ${attempt.problem}` };
  }
  return attempt.ok ? { delivered: true } : { delivered: false, problem: attempt.problem, cancelled: attempt.cancelled === true, timedOut: attempt.timedOut === true };
}

const remaining = (deadline: number) => deadline - performance.now();

async function attemptOnce(url: string, body: string, options: DeliveryOptions): Promise<Attempt> {
  if (options.signal.aborted) return { ok: false, problem: 'not sent: the job is being cancelled', retry: false, cancelled: true };
  const budget = Math.max(1, Math.floor(remaining(options.deadline)));
  const timeout = AbortSignal.timeout(budget);
  const signal = AbortSignal.any([timeout, options.signal]);
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'shipgate' },
      body,
      signal,
      dispatcher: webhookDispatcher,
      // One connection per message, closed after it: nothing is left open when the step ends.
      reset: true,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // Delivered once the status is in; the body ("ok") is not waited for.
      discard(response.body);
      return { ok: true };
    }
    const status = response.statusCode;
    if (status >= 300 && status < 400) {
      discard(response.body);
      // A redirect is not followed: a POST turned into a GET, or the message sent to another host.
      return { ok: false, problem: `HTTP ${status}: redirects are not followed; use the final URL`, retry: false };
    }
    const answer = await readSome(response.body);
    return { ok: false, problem: `HTTP ${status}${answer ? ` (${answer})` : ''}`, retry: status >= 500 || status === 429, retryAfterMs: retryAfter(response.headers['retry-after']) };
  } catch (error) {
    if (options.signal.aborted) return { ok: false, problem: 'stopped: the job is being cancelled', retry: false, cancelled: true };
    if (timeout.aborted) return { ok: false, problem: `timed out after ${formatSeconds(budget)}`, retry: false, timedOut: true };
    const code = errorCode(error);
    // Refused: the request never left, so a retry cannot post the message twice.
    if (code === 'ECONNREFUSED') return { ok: false, problem: 'connection refused', retry: true };
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { ok: false, problem: 'connection closed before an answer', retry: false };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, problem: 'host not found', retry: false };
    if (code?.startsWith('HPE_') || (error instanceof Error && error.name === 'HTTPParserError')) return { ok: false, problem: 'the answer was not HTTP', retry: false };
    // Only a code: an error message could quote the URL.
    return { ok: false, problem: `request failed (${code ?? (error instanceof Error ? error.name : 'unknown error')})`, retry: false };
  }
}

/** The answer, kept only when it is one of Slack's known error codes (`invalid_payload`): anything else could echo what was sent or the URL. */
async function readSome(body: AsyncIterable<Buffer> & { on(event: 'error', listener: () => void): unknown; destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      discard(body);
      break;
    }
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return KNOWN_ANSWERS.has(text) ? text : '';
}

/** Retry-After in ms (seconds or an HTTP date), or undefined when absent or unreadable. */
function retryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Closes a body not read to its end: destroying it emits an abort error, which nothing must see as uncaught. */
function discard(body: { on(event: 'error', listener: () => void): unknown; destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function errorCode(error: unknown): string | undefined {
  const direct = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  const code = typeof direct === 'string' ? direct : typeof cause === 'string' ? cause : undefined;
  return code && /^[A-Z_0-9]{2,40}$/.test(code) ? code : undefined;
}

function formatSeconds(ms: number): string {
  // A budget of 5,000 ms that started a millisecond late reads "5 s", not "4999 ms".
  return ms >= 100 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
