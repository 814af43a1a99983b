import { z } from 'zod';
import { booleanInput, commonInputs, durationInput, integerInput, optionalText, optionalUrlInput, requiredText } from '@shipgate/core';
// Subpath imports: input errors must not load the HTTP client, YAML parser and the rest.
import { parseThresholdList } from '@shipgate/probe/thresholds';
import { parseHeaderLines } from '@shipgate/smoke/header-lines';

export const smokeTestInputs = z.object({
  url: optionalUrlInput(),
  environment: requiredText('the GitHub environment to verify, e.g. staging'),
  /** Read by loadChecks: it may name a file. */
  checks: z.string(),
  'wait-timeout': durationInput(),
  'request-timeout': durationInput().refine((ms) => ms > 0, { message: 'must be a duration above 0, e.g. 10s' }),
  'load-requests': integerInput(0, 1_000_000),
  'load-concurrency': integerInput(1, 1_000),
  thresholds: z.string().transform((text, ctx) => {
    const parsed = parseThresholdList(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: `must be limits like error-rate<0.5%, p99<200ms: ${parsed}` });
      return z.NEVER;
    }
    return parsed;
  }),
  // The problem message never repeats a value: header values are secrets.
  headers: z.string().transform((text, ctx) => {
    const parsed = parseHeaderLines(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  }),
  sha: requiredText('the commit to record the result on'),
  record: booleanInput(),
  report: optionalText(),
  ...commonInputs,
});
export type SmokeTestInputs = z.output<typeof smokeTestInputs>;
