import { findControlCharacter, isHttpUrl, MAX_TIMEOUT_MS, MAX_URL_LENGTH, parseDuration } from '@shipgate/core';
import { parseThreshold, STATUS_CLASS, type StatusExpectation, type Threshold } from '@shipgate/probe';
import { z } from 'zod';
import { MAX_CHECK_NAME, MAX_CHECKS } from './checks-limits';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const isStatusCode = (v: unknown) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599;
const isStatus = (v: unknown): v is StatusExpectation =>
  isStatusCode(v) || (typeof v === 'string' && STATUS_CLASS.test(v)) || (Array.isArray(v) && v.length > 0 && v.every(isStatusCode));
// One custom check rather than a union: a union reports whichever branch got furthest
// ("must match /^[1-5]xx$/"), where the user needs all three accepted forms.
const status = z.custom<StatusExpectation>(isStatus, { error: 'expected a status code like 200, a list like [200, 204] or a class like "2xx"' });

/** `500ms`, `2s`, or a bare number of milliseconds; at most 24h like every duration. */
const duration = z.union([z.number().nonnegative(), z.string()], { error: 'expected a duration like 500ms or 2s' }).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined || ms > MAX_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration like 500ms or 2s, at most 24h', input: value });
    return z.NEVER;
  }
  return ms;
});

/** One line, no control characters (it is logged, and a newline could start a workflow command), at most `max` characters. */
const line = (what: string, max: number) =>
  z
    .string({ error: `expected ${what}` })
    .refine((v) => !findControlCharacter(v), { error: (issue) => `expected ${what} on one line; it holds ${findControlCharacter(String(issue.input))}`, abort: true })
    .refine((v) => v.length <= max, { error: `expected ${what} of at most ${max} characters` });

const method = z
  .string({ error: `expected one of ${METHODS.join(', ')}` })
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(METHODS, { error: `expected one of ${METHODS.join(', ')}` }));

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a text value' }).transform(String);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Values may hold tabs, no other control character (they would split the request); never quoted back: they may be secrets.
const headerValue = scalar.refine((v) => !/[\u0000-\u0008\u000A-\u001F\u007F]|[^\u0000-\u00FF]/.test(v) && v.length <= 8_192, {
  error: 'expected a header value on one line (tabs allowed), Latin-1 characters only, at most 8192 characters',
});
const headerMap = z.record(z.string().regex(HEADER_NAME, { error: 'expected a valid header name' }), headerValue, { error: 'expected a map of header names to values' });
const path = line('a path starting with /', MAX_URL_LENGTH).refine((v) => v.startsWith('/'), { error: 'expected a path starting with /' });
// No user:password@: the URL is shown in the log, summary, report and outputs. Credentials go in headers.
const url = line('an http:// or https:// URL', MAX_URL_LENGTH).refine(isHttpUrl, {
  error: 'expected an http:// or https:// URL without user:password@ (send credentials in headers, whose values are masked)',
});

const expectSchema = z.strictObject(
  {
    status: status.optional(),
    json: z.unknown().optional(),
    'body-contains': z.string({ error: 'expected a text' }).optional(),
    headers: headerMap.optional(),
    'max-latency': duration.optional(),
  },
  { error: 'expected a map of expectations (status, json, body-contains, headers, max-latency)' },
);

const target = { path: path.optional(), url: url.optional() };
const eitherPathOrUrl = (value: { path?: string; url?: string }) => !(value.path && value.url);
const BOTH = { error: 'set either path or url, not both' };

const checkSchema = z
  .strictObject(
    {
      name: line('a name', MAX_CHECK_NAME).refine((v) => v !== '', { error: 'expected a non-empty name' }).optional(),
      ...target,
      method: method.optional(),
      headers: headerMap.optional(),
      /** A map or list is sent as JSON. */
      body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], { error: 'expected a text, or a map or list to send as JSON' }).optional(),
      expect: expectSchema.optional(),
    },
    { error: 'expected a check: a map with path or url, and expect' },
  )
  .refine(eitherPathOrUrl, BOTH);

const loadSchema = z
  .strictObject(
    {
      ...target,
      method: method.optional(),
      requests: z.number({ error: 'expected a whole number' }).int().min(0).max(1_000_000).optional(),
      concurrency: z.number({ error: 'expected a whole number' }).int().min(1).max(1_000).optional(),
    },
    { error: 'expected a map with path or url, requests and concurrency' },
  )
  .refine(eitherPathOrUrl, BOTH);

/** `{ error-rate: "<0.5%", p99: "<200ms" }`: the key is the metric, the value operator and limit. */
const thresholdsSchema = z.record(z.string(), scalar, { error: 'expected a map like { error-rate: "<0.5%", p99: "<200ms" }' }).transform((map, ctx) => {
  const thresholds: Threshold[] = [];
  for (const [metric, limit] of Object.entries(map)) {
    const parsed = parseThreshold(`${metric}${limit}`);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: `expected ${metric}: "<limit>"; ${parsed}`, path: [metric], input: limit });
      continue;
    }
    thresholds.push(parsed);
  }
  return thresholds;
});

export const checksFileSchema = z.strictObject(
  {
    checks: z
      .array(checkSchema, { error: 'expected a list of checks' })
      .min(1, { error: 'expected at least one check' })
      .max(MAX_CHECKS, { error: `expected at most ${MAX_CHECKS} checks` }),
    load: loadSchema.optional(),
    thresholds: thresholdsSchema.optional(),
  },
  { error: 'expected a map with checks (and optionally load, thresholds)' },
);

export type ChecksFile = z.output<typeof checksFileSchema>;
export type CheckSpec = ChecksFile['checks'][number];
export type LoadSpec = NonNullable<ChecksFile['load']>;
