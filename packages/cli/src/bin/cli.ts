import { main } from '../run-command-line';
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
    // One line: the demo shows a failed app's last output line, and an object printed whole ends in '}'.
    console.error(`error: ${(error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = 1;
  },
);
