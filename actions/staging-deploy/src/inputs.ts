import { z } from 'zod';
import {
  booleanInput,
  commandInput,
  commonInputs,
  durationInput,
  optionalText,
  optionalUrlInput,
  requiredText,
} from '@shipgate/core';

export const stagingDeployInputs = z.object({
  environment: requiredText('the GitHub environment to deploy to, e.g. staging'),
  ref: requiredText('the commit, branch or tag to deploy'),
  version: optionalText(),
  command: commandInput(),
  url: optionalUrlInput(),
  'health-url': optionalUrlInput(),
  'health-timeout': durationInput(),
  'command-timeout': durationInput(),
  production: booleanInput(),
  transient: booleanInput(),
  ...commonInputs,
});
export type StagingDeployInputs = z.output<typeof stagingDeployInputs>;
