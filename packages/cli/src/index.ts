export { main, runCommandLine, commandInputs, printFailure, USAGE } from './run-command-line';
export { parseArgv } from './parse-argv';
export { runDemo } from './demo/run-demo';
