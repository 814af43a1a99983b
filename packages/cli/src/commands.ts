import type { ActionEntry } from '@shipgate/core';
import * as canaryStep from '../../../actions/canary-step/src/main';
import * as deliveryMetrics from '../../../actions/delivery-metrics/src/main';
import * as rollback from '../../../actions/rollback/src/main';
import * as smokeTest from '../../../actions/smoke-test/src/main';
import * as stagingDeploy from '../../../actions/staging-deploy/src/main';
import * as stagingGateCheck from '../../../actions/staging-gate-check/src/main';

/** The actions the CLI can run, by command name. Adding an action is one line here. */
export const COMMANDS: Record<string, ActionEntry> = {
  'canary-step': canaryStep,
  'delivery-metrics': deliveryMetrics,
  rollback,
  'smoke-test': smokeTest,
  'staging-deploy': stagingDeploy,
  'staging-gate-check': stagingGateCheck,
};
