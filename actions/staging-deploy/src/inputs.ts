import { z } from 'zod';
import {
  booleanInput,
  commandInput,
  DEPLOY_PLACEHOLDERS,
  commonInputs,
  durationInput,
  LINE_LIMITS,
  optionalText,
  optionalUrlInput,
  requiredText,
} from '@shipgate/core';
import { notifyInputs } from '@shipgate/notify';

export const stagingDeployInputs = z.object({
  environment: requiredText('the GitHub environment to deploy to, e.g. staging', LINE_LIMITS.environment),
  ref: requiredText('the commit, branch or tag to deploy', LINE_LIMITS.ref),
  version: optionalText(LINE_LIMITS.version),
  command: commandInput(DEPLOY_PLACEHOLDERS),
  url: optionalUrlInput(),
  'health-url': optionalUrlInput(),
  'health-timeout': durationInput(),
  'command-timeout': durationInput({ positive: true }),
  production: booleanInput(),
  transient: booleanInput(),
  'rollback-on-failure': booleanInput(),
  ...notifyInputs,
  ...commonInputs,
});
export type StagingDeployInputs = z.output<typeof stagingDeployInputs>;
