/**
 * The longest timeout an input takes. Timers fire at once above 2³¹−1 ms (~24.8 days), and no
 * job runs longer than a few days (6 h on GitHub-hosted runners), so a day is plenty.
 */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;
/** The longest age or soak window (compared with timestamps, never a timer): a year. */
export const MAX_WINDOW_MS = 8_760 * 3_600_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/**
 * Parses `250ms`, `30s`, `5m`, `1h`, `1h30m`, `0`. Returns milliseconds, or undefined when
 * the text is not a duration (callers turn that into an input error naming the input).
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  if (value === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(value); match; match = PART.exec(value)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = PART.lastIndex;
  }
  if (consumed !== value.length) return undefined;
  return Math.round(total);
}

/** `1234` → `1.2s`, `90000` → `1m30s`: short and readable in logs and summaries. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''].join('') || '0s';
}
