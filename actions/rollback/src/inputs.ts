import { z } from 'zod';
import { booleanInput, commonInputs, DEPLOY_PLACEHOLDERS, durationInput, LINE_LIMITS, optionalCommandInput, optionalText, optionalUrlInput, requiredText } from '@shipgate/core';
import { notifyInputs } from '@shipgate/notify';
import { rollbackStepsInput } from '@shipgate/rollback';

/** The router's own inputs (set-weight-command, nginx-*, haproxy-*) are read and checked by createRouter. */
export const rollbackInputs = z.object({
  environment: requiredText('the GitHub environment to roll back, e.g. production', LINE_LIMITS.environment),
  to: requiredText('previous, a sha, a tag or a deployment id', LINE_LIMITS.ref),
  command: optionalCommandInput(DEPLOY_PLACEHOLDERS),
  router: optionalText({ max: 32 }),
  steps: rollbackStepsInput(),
  'health-url': optionalUrlInput(),
  'health-timeout': durationInput(),
  'command-timeout': durationInput({ positive: true }),
  reason: optionalText({ max: 512, maxReason: 'one line; deployment statuses show its first 140 characters' }),
  force: booleanInput(),
  /** A deployment id: refuse unless it is what the environment runs now (production.yml's rollback job). */
  'expect-from': z.string().transform((v, ctx) => {
    if (v === '') return undefined;
    if (/^\d{1,15}$/.test(v.trim())) return Number(v.trim());
    ctx.addIssue({ code: 'custom', message: `must be a deployment id (digits), e.g. the failed release's deployment-id output; got '${v.slice(0, 30)}'` });
    return z.NEVER;
  }),
  ...notifyInputs,
  ...commonInputs,
});
export type RollbackInputs = z.output<typeof rollbackInputs>;
