import { formatDuration } from '@shipgate/core';

/** One line for a request that got no answer: "connection refused", "no answer within 10s", ... */
export function describeRequestError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${formatDuration(timeoutMs)}`;
  // fetch wraps the socket error in `cause`; undici's own API throws it directly.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return cause?.message ?? (error as Error).message ?? String(error);
}
