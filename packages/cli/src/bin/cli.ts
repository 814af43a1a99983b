import { main, printFailure } from '../run-command-line';
import { runDemo } from '../demo/run-demo';
import { runDemoApp } from '../demo/demo-app-command';

// The bundle's own path: the demo's deploy command starts app processes from it.
const self = process.argv[1] ?? '';
const args = process.argv.slice(2);
// `demo-app` is the demo's own deploy target, not a command for users: it is not in the help.
const run = args[0] === 'demo-app' ? runDemoApp(args.slice(1), self) : main(args, { demo: () => runDemo(self) });
run.then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only the demo and demo-app get here: a ShipgateError is one line, anything else a bug with its stack.
    process.exitCode = printFailure(args[0] === 'demo-app' ? 'demo-app' : 'demo', error);
  },
);
