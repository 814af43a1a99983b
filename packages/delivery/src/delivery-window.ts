import { z } from 'zod';
import { formatDuration, MAX_WINDOW_MS, parseDuration } from '@shipgate/core';

const DAY_MS = 24 * 3_600_000;

/**
 * The `since` input: days (`90d`) or weeks (`12w`), or any duration core reads (`36h`), at most a
 * year (core's MAX_WINDOW_MS) and at least an hour.
 */
export function parseWindow(text: string): number | undefined {
  const value = text.trim();
  const days = /^(\d+)(d|w)$/.exec(value);
  if (days) return Number(days[1]) * (days[2] === 'w' ? 7 : 1) * DAY_MS;
  return parseDuration(value);
}

export const windowInput = () =>
  z.string().transform((v, ctx): number => {
    const ms = parseWindow(v);
    if (ms === undefined || ms < 3_600_000 || ms > MAX_WINDOW_MS) {
      ctx.addIssue({ code: 'custom', message: `must be a window from 1h to ${formatDuration(MAX_WINDOW_MS)} (365d), like 90d, 12w or 36h; got ${JSON.stringify(v.slice(0, 40))}` });
      return z.NEVER;
    }
    return ms;
  });
