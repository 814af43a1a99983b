import { main } from '../run-command-line';
import { runDemo } from '../demo/run-demo';
import { runDemoApp } from '../demo/demo-app-command';

// The bundle's own path: the demo's deploy command starts app processes from it.
const self = process.argv[1] ?? '';
const args = process.argv.slice(2);
const run = args[0] === 'demo' ? runDemo(self) : args[0] === 'demo-app' ? runDemoApp(args.slice(1), self) : main(args);
run.then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
