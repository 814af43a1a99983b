import { parseDuration } from '@shipgate/core';
import { parseThreshold, STATUS_CLASS, type StatusExpectation, type Threshold } from '@shipgate/probe';
import { z } from 'zod';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const isStatusCode = (v: unknown) => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599;
const isStatus = (v: unknown): v is StatusExpectation =>
  isStatusCode(v) || (typeof v === 'string' && STATUS_CLASS.test(v)) || (Array.isArray(v) && v.length > 0 && v.every(isStatusCode));
// One custom check rather than a union: a union reports whichever branch got furthest
// ("must match /^[1-5]xx$/"), where the user needs all three accepted forms.
const status = z.custom<StatusExpectation>(isStatus, { error: 'expected a status code like 200, a list like [200, 204] or a class like "2xx"' });

/** `500ms`, `2s`, or a bare number of milliseconds. */
const duration = z.union([z.number().nonnegative(), z.string()], { error: 'expected a duration like 500ms or 2s' }).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration like 500ms or 2s', input: value });
    return z.NEVER;
  }
  return ms;
});

const method = z
  .string({ error: `expected one of ${METHODS.join(', ')}` })
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(METHODS, { error: `expected one of ${METHODS.join(', ')}` }));

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a text value' }).transform(String);
const headerMap = z.record(z.string(), scalar, { error: 'expected a map of header names to values' });
const path = z.string({ error: 'expected a path starting with /' }).startsWith('/', { error: 'expected a path starting with /' });
const url = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

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
      name: z.string({ error: 'expected a text' }).min(1, { error: 'expected a non-empty name' }).optional(),
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
    checks: z.array(checkSchema, { error: 'expected a list of checks' }).min(1, { error: 'expected at least one check' }),
    load: loadSchema.optional(),
    thresholds: thresholdsSchema.optional(),
  },
  { error: 'expected a map with checks (and optionally load, thresholds)' },
);

export type ChecksFile = z.output<typeof checksFileSchema>;
export type CheckSpec = ChecksFile['checks'][number];
export type LoadSpec = NonNullable<ChecksFile['load']>;
