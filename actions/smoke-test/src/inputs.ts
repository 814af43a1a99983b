import { z } from 'zod';
import {
  booleanInput,
  commonInputs,
  durationInput,
  integerInput,
  LINE_LIMITS,
  lineProblem,
  multilineText,
  optionalText,
  optionalUrlInput,
  requiredText,
} from '@shipgate/core';
// Subpath imports: input errors must not load the HTTP client, YAML parser and the rest.
import { parseThresholdList } from '@shipgate/probe/thresholds';
import { MAX_CHECKS_BYTES } from '@shipgate/smoke/checks-limits';
import { parseHeaderLines } from '@shipgate/smoke/header-lines';

export const smokeTestInputs = z.object({
  url: optionalUrlInput(),
  environment: requiredText('the GitHub environment to verify, e.g. staging', LINE_LIMITS.environment),
  /** Read by loadChecks: it may name a file (confined to the workspace). */
  checks: multilineText(MAX_CHECKS_BYTES),
  'wait-timeout': durationInput(),
  'request-timeout': durationInput({ positive: true }),
  'load-requests': integerInput(0, 1_000_000),
  'load-concurrency': integerInput(1, 1_000),
  thresholds: z.string().transform((text, ctx) => {
    const problem = lineProblem(text.replace(/\r?\n/g, ','), { max: 4_096 });
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
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
  sha: requiredText('the commit to record the result on', LINE_LIMITS.ref),
  record: booleanInput(),
  report: optionalText(LINE_LIMITS.path),
  ...commonInputs,
});
export type SmokeTestInputs = z.output<typeof smokeTestInputs>;
