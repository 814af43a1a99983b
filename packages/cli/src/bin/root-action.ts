import { reportFailure, runAction } from '@shipgate/core';
import { COMMANDS } from '../commands';
import { rootActionInputs, withRootInputNames } from '../root-action-inputs';

// `uses: OWNER/shipgate@v1` with `command:` — the same mains as the five actions.
try {
  const { command, input } = rootActionInputs(Object.keys(COMMANDS));
  void runAction(command, withRootInputNames(COMMANDS[command] as (typeof COMMANDS)[string]), input);
} catch (error) {
  reportFailure('shipgate', error);
}
