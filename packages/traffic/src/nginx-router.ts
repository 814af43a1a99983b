import { readFileSync } from 'node:fs';
import { describeCommandFailure, formatDuration, InputError, ShipgateError, splitCommand, substitutePlaceholders, type InputSource } from '@shipgate/core';
import { replaceFileAtomically } from './atomic-file';
import { runRouterCommand } from './neutralised-output';
import { checkWeight, stillInForce, type RouterContext, type RouterDefinition, type TrafficRouter } from './router';
import { readUpstreamWeight, upstreamProblem, writeUpstreamWeight } from './weighted-upstream';

const CONFIG = 'nginx-config';
const RELOAD = 'nginx-reload-command';
const TEST = 'nginx-test-command';

function commandInput(inputs: InputSource, name: string, fallback: string): string[] {
  const split = splitCommand(inputs(name) || fallback);
  if ('problem' in split) throw new InputError(split.problem, name);
  return substitutePlaceholders(split.argv, {}); // no placeholders: only `{{name}}` escapes to undo
}

function readUpstreamFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : (error as Error).message;
    throw new ShipgateError(`must be the upstream file shipgate rewrites; ${path} ${why}`, CONFIG);
  }
}

/**
 * nginx: rewrites the weighted upstream file (`nginx-config`) atomically, runs the config test
 * (`nginx-test-command`, default `nginx -t`) and then the reload (`nginx-reload-command`,
 * default `nginx -s reload`). If either fails, the previous file is put back, so the file on
 * disk keeps matching what nginx serves.
 */
export const nginxRouter: RouterDefinition = {
  name: 'nginx',
  inputs: [CONFIG, RELOAD, TEST],
  create(inputs: InputSource, context: RouterContext): TrafficRouter {
    const path = inputs(CONFIG);
    if (path === '') throw new ShipgateError('is required when router is nginx: the upstream file with servers marked # canary and # stable', CONFIG);
    const problem = upstreamProblem(readUpstreamFile(path));
    if (problem) throw new ShipgateError(`(${path}) ${problem}`, CONFIG);
    const reloadArgv = commandInput(inputs, RELOAD, 'nginx -s reload');
    const testArgv = commandInput(inputs, TEST, 'nginx -t');
    const run = { timeoutMs: context.timeoutMs, stdout: context.stdout, stderr: context.stderr, signal: context.signal };

    async function runStep(argv: string[]): Promise<string | undefined> {
      const result = await runRouterCommand(argv, run);
      const failure = describeCommandFailure(result, context.timeoutMs, formatDuration);
      // nginx ends with "test failed"; the line that says why is its [emerg] line.
      const why = result.outputTail.find((line) => /\[(emerg|alert|crit|error)\]/.test(line));
      return failure && why && result.exitCode !== null ? `command exited with code ${result.exitCode}: ${why.trim()}` : failure;
    }

    return {
      name: 'nginx',
      async setWeight(canaryPercent) {
        const weight = checkWeight(canaryPercent);
        const started = performance.now();
        const previousText = readUpstreamFile(path);
        const previous = readUpstreamWeight(previousText);
        try {
          await replaceFileAtomically(path, writeUpstreamWeight(previousText, weight));
        } catch (error) {
          const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
          throw new ShipgateError(`could not set the canary weight to ${weight}%: ${path} could not be replaced (${why}); nothing was changed and ${stillInForce(previous)}`, CONFIG);
        }
        const testFailure = await runStep(testArgv);
        const reloadFailure = testFailure ? undefined : await runStep(reloadArgv);
        if (testFailure || reloadFailure) {
          await replaceFileAtomically(path, previousText);
          const [input, what] = testFailure ? [CONFIG, `the config test (${testArgv.join(' ')}) failed, so nginx was not reloaded`] : [RELOAD, 'the reload failed'];
          throw new ShipgateError(`could not set the canary weight to ${weight}%: ${what}: ${testFailure ?? reloadFailure}; ${path} is back as it was and ${stillInForce(previous)}`, input);
        }
        context.log(`nginx router: canary weight ${weight}% written to ${path}, config tested and reloaded in ${formatDuration(performance.now() - started)}`);
      },
      async getWeight() {
        return readUpstreamWeight(readUpstreamFile(path));
      },
    };
  },
};
