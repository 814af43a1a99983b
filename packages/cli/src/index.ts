export { main, runCommandLine, commandInputs, printFailure, USAGE, EXIT } from './run-command-line';
export { parseCommandLine, type CommandLine, type CommandSpec } from './parse-argv';
export { runDemo } from './demo/run-demo';
