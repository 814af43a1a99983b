export { ShipgateError, OutsideFailure, isShipgateError, type FileAnnotation } from './errors';
export { parseDuration, formatDuration } from './duration';
export { parsePercentage, formatPercentage } from './percentage';
export {
  runnerInputs,
  parseInputs,
  requiredText,
  optionalText,
  booleanInput,
  durationInput,
  optionalDurationInput,
  percentageInput,
  optionalPercentageInput,
  integerInput,
  optionalUrlInput,
  choiceInput,
  commandInput,
  optionalCommandInput,
  commonInputs,
  type InputSource,
} from './inputs';
export { splitCommand, substitutePlaceholders, type Placeholders } from './command-line';
export { runCommand, describeCommandFailure, commandEnvironment, type CommandResult, type RunCommandOptions } from './run-command';
export { readRunContext, requireRepository, type RunContext } from './run-context';
export { escapeHtml, htmlTable, link, code, type Cell, type HtmlCell } from './summary';
export { type ActionIO, runnerIO } from './action-io';
export { runAction, reportFailure, type ActionEntry } from './action-runner';
export { runCommandForOutput } from './command-output';
export { waitUnlessCancelled } from './cancellable-wait';
export { explainGitHubFailure, classifyGitHubFailure, type GitHubFailure, type GitHubCallDescription } from './github-failure';
