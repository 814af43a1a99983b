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
  ...notifyInputs,
  ...commonInputs,
});
export type RollbackInputs = z.output<typeof rollbackInputs>;
