import type { ActionEntry } from '@shipgate/core';
import * as stagingDeploy from '../../../actions/staging-deploy/src/main';
import * as stagingGateCheck from '../../../actions/staging-gate-check/src/main';

/** The actions the CLI can run, by command name. Adding an action is one line here. */
export const COMMANDS: Record<string, ActionEntry> = {
  'staging-deploy': stagingDeploy,
  'staging-gate-check': stagingGateCheck,
};
