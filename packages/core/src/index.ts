export { ShipgateError, OutsideFailure, InputError, isShipgateError, isInputError, type FileAnnotation } from './errors';
export { parseDuration, formatDuration } from './duration';
export { MAX_TIMEOUT_MS, MAX_WINDOW_MS } from './duration';
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
export { lineProblem, lineListInput, LINE_LIMITS, multilineText, isHttpUrl, MAX_URL_LENGTH, DEFAULT_LINE_MAX, type LineLimits, type DurationLimits } from './inputs';
export { splitCommand, substitutePlaceholders, placeholdersUsed, DEPLOY_PLACEHOLDERS, WEIGHT_PLACEHOLDERS, type Placeholders, type PlaceholderName } from './command-line';
export { runCommand, describeCommandFailure, commandFailure, describeFailureForLog, type CommandFailure, commandEnvironment, type CommandResult, type RunCommandOptions } from './run-command';
export { readRunContext, requireRepository, type RunContext } from './run-context';
export { escapeHtml, escapeMarkdownInline, htmlTable, link, code, codeLink, commitCell, deploymentCell, summaryLinks, type Cell, type HtmlCell, type RecordsPlace, type SummaryLinks } from './summary';
export { fitSummary, fitStepSummary, SUMMARY_LIMIT_BYTES } from './summary';
export { type ActionIO, runnerIO } from './action-io';
export { runAction, reportFailure, type ActionEntry } from './action-runner';
export { runCommandForOutput } from './command-output';
export { waitUnlessCancelled } from './cancellable-wait';
export { explainGitHubFailure, classifyGitHubFailure, type GitHubFailure, type GitHubCallDescription } from './github-failure';
export { CONTROL_CHARACTER, describeCharacter, findControlCharacter, escapeControlCharacters } from './control-characters';
export { neutraliseWorkflowCommands, neutraliseErrorText } from './workflow-commands';
export { workspaceDir, isInside, readWorkspaceFile, prepareConfinedFile, type PreparedFile, type ReadLimits } from './workspace-path';
export { createRedactor } from './secret-redactor';
