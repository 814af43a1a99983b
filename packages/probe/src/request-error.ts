import { formatDuration } from '@shipgate/core';

/** How far a failed request got. */
export interface RequestProgress {
  timedOut: boolean;
  timeoutMs: number;
  /** The status line and headers had come: the failure is in the body. */
  answered?: boolean;
}

/**
 * One line for a request that got no (complete) answer: "connection refused", "no answer within
 * 10s", "body not complete within 10s", "not an HTTP answer: ...", ...
 */
export function describeRequestError(error: unknown, progress: RequestProgress): string {
  const within = formatDuration(progress.timeoutMs);
  if (progress.timedOut) return progress.answered ? `body not complete within ${within}` : `no answer within ${within}`;
  // fetch wraps the socket error in `cause`; undici's own API throws it directly.
  const cause = (error as { cause?: { code?: string; message?: string; name?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  const name = cause?.name ?? (error as { name?: string }).name;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    const what = code === 'UND_ERR_SOCKET' ? 'closed' : 'reset';
    return progress.answered ? `connection ${what} before the body was complete` : `connection ${what} before an answer`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  // undici's parser: garbage, a malformed status line or headers, a bad chunked body.
  if (name === 'HTTPParserError' || code?.startsWith('HPE_')) return `not a valid HTTP answer: ${cause?.message ?? (error as Error).message}`;
  return cause?.message ?? (error as Error).message ?? String(error);
}
