import { z } from 'zod';
import {
  booleanInput,
  choiceInput,
  commonInputs,
  durationInput,
  integerInput,
  LINE_LIMITS,
  optionalDurationInput,
  percentageInput,
  requiredText,
} from '@shipgate/core';
import { notifyInputs } from '@shipgate/notify';

/** A plain number within bounds, e.g. `1.1` for harm-margin. */
const boundedNumber = (min: number, max: number, what: string) =>
  z.string().transform((v, ctx) => {
    const n = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN;
    if (n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be ${what}; got '${v.slice(0, 30)}'` });
    return z.NEVER;
  });

/**
 * canary-step's own inputs (CONTRACT.md). The router's inputs (`set-weight-command`,
 * `nginx-config`, `haproxy-socket`, ...) and the metric source's (`canary-url`,
 * `prometheus-url`, `metrics-command`, ...) are read and checked by @shipgate/traffic and
 * @shipgate/metrics, which name each one in their errors.
 */
export const canaryStepInputs = z.object({
  environment: requiredText('the GitHub environment the canary runs in, e.g. production', LINE_LIMITS.environment),
  sha: requiredText('the commit the canary runs', LINE_LIMITS.ref),
  steps: requiredText('canary weights, e.g. 10,25,50,100 or 10:5m,25:10m,50:10m,100'),
  interval: durationInput(),
  mode: choiceInput(['run', 'advance']),
  router: requiredText('command, nginx or haproxy'),
  'max-error-rate': percentageInput(),
  'max-p99': optionalDurationInput(),
  'compare-baseline': booleanInput(),
  alpha: boundedNumber(0.0001, 0.5, 'a false-abort rate between 0.0001 and 0.5, e.g. 0.05'),
  'min-requests': integerInput(1, 10_000_000),
  'on-failure': choiceInput(['rollback', 'pause']),
  'harm-margin': boundedNumber(1, 10, 'a canary/baseline ratio from 1 to 10, e.g. 1.1'),
  'max-step-wait': optionalDurationInput(),
  'on-no-data': choiceInput(['pause', 'rollback']),
  strategy: choiceInput(['canary', 'blue-green']),
  'scale-down-delay': durationInput(),
  'advance-timeout': durationInput(),
  start: booleanInput(),
  ...notifyInputs,
  ...commonInputs,
});
export type CanaryStepInputs = z.output<typeof canaryStepInputs>;
