import {
  describeCommandFailure,
  InputError,
  formatDuration,
  placeholdersUsed,
  ShipgateError,
  splitCommand,
  substitutePlaceholders,
  WEIGHT_PLACEHOLDERS,
  type InputSource,
  type PlaceholderName,
} from '@shipgate/core';
import { runRouterCommand, runRouterCommandForOutput } from './neutralised-output';
import { checkWeight, stillInForce, type RouterContext, type RouterDefinition, type TrafficRouter } from './router';

const SET = 'set-weight-command';
const GET = 'get-weight-command';

/** Splits a command input into argv (no shell) with only `placeholders` in it, or says what is wrong with it. */
function commandArgv(inputs: InputSource, name: string, placeholders: readonly PlaceholderName[]): string[] | undefined {
  const text = inputs(name);
  if (text === '') return undefined;
  const split = splitCommand(text, placeholders);
  if ('problem' in split) throw new InputError(split.problem, name);
  return split.argv;
}

/** A printed weight: `25`, `25%`, `25.0` — the last non-empty line of the command's output. */
export function parsePrintedWeight(output: string): number | undefined {
  const last = output.trim().split('\n').at(-1)?.trim() ?? '';
  const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(last);
  if (!match) return undefined;
  const weight = Number(match[1]);
  return weight <= 100 ? weight : undefined;
}

/**
 * Any traffic switch with a command line: Argo Rollouts, a Gateway API HTTPRoute, an AWS ALB, an
 * app flag. `{weight}` is the canary's share and `{stable-weight}` the rest, substituted after
 * the command is split into arguments, so neither can inject anything.
 */
export const commandRouter: RouterDefinition = {
  name: 'command',
  inputs: [SET, GET],
  create(inputs: InputSource, context: RouterContext): TrafficRouter {
    const setArgv = commandArgv(inputs, SET, WEIGHT_PLACEHOLDERS);
    if (!setArgv) throw new InputError('is required when router is command, e.g. kubectl annotate ingress my-app-canary nginx.ingress.kubernetes.io/canary-weight={weight} --overwrite', SET);
    // {{weight}} is the literal text {weight}: a router given it would never move traffic.
    if (placeholdersUsed(setArgv).length === 0) {
      throw new InputError('must contain {weight} (the canary percentage) or {stable-weight} (100 minus it)', SET);
    }
    const getTemplate = commandArgv(inputs, GET, []);
    const getArgv = getTemplate && substitutePlaceholders(getTemplate, {});
    const run = { timeoutMs: context.timeoutMs, stdout: context.stdout, stderr: context.stderr, signal: context.signal };
    // Without a read-back command, the weight in force is the last one this router set.
    let lastSet: number | undefined;

    async function readWeight(argv: string[]): Promise<number> {
      const result = await runRouterCommandForOutput(argv, run);
      const failure = describeCommandFailure(result, context.timeoutMs, formatDuration);
      if (failure) throw new ShipgateError(`failed: ${failure}`, GET);
      const weight = parsePrintedWeight(result.stdout);
      if (weight === undefined) {
        const printed = result.stdout.trim().split('\n').at(-1)?.slice(0, 60) ?? '';
        throw new ShipgateError(`must print the canary weight as one number from 0 to 100 (e.g. 25); it printed '${printed}'`, GET);
      }
      return weight;
    }

    /** A failed command may have changed something before failing: ask the router when we can. */
    async function weightAfterFailure(): Promise<string> {
      if (!getArgv) return lastSet === undefined ? stillInForce(undefined) : `${stillInForce(lastSet)} as far as shipgate knows (set get-weight-command to read it back)`;
      const inForce = await readWeight(getArgv).catch(() => undefined);
      return inForce === undefined ? 'the weight in force is unknown: get-weight-command failed too' : `get-weight-command reports ${inForce}% canary in force`;
    }

    return {
      name: 'command',
      async setWeight(canaryPercent) {
        const weight = checkWeight(canaryPercent);
        const argv = substitutePlaceholders(setArgv, { weight: String(weight), 'stable-weight': String(100 - weight) });
        const result = await runRouterCommand(argv, run);
        const failure = describeCommandFailure(result, context.timeoutMs, formatDuration);
        if (failure) {
          throw new ShipgateError(`could not set the canary weight to ${weight}%: ${failure}; ${await weightAfterFailure()}`, SET);
        }
        lastSet = weight;
        context.log(`command router: canary weight ${weight}% (stable ${100 - weight}%) in ${formatDuration(result.durationMs)}`);
      },
      async getWeight() {
        return getArgv ? readWeight(getArgv) : lastSet;
      },
    };
  },
};
