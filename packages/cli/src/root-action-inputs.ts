import { InputError, ShipgateError, isInputError, isShipgateError, runnerInputs, type ActionEntry, type InputSource } from '@shipgate/core';
import { ACTION_INPUTS } from './action-inputs.generated';

/**
 * In the root action `command` picks the action, so the deploy command that staging-deploy
 * and rollback call `command` is spelled `deploy-command` there.
 */
export const ROOT_INPUT_NAMES: Readonly<Record<string, string>> = { command: 'deploy-command' };
const rootName = (name: string) => ROOT_INPUT_NAMES[name] ?? name;

/**
 * The inputs of `uses: OWNER/shipgate@v1`: `command` names one of the actions; every other
 * input is that action's, with that action's defaults (the root action.yml can only declare
 * one default per name, so it declares none and they are applied here). An input the chosen
 * action does not take is refused rather than silently ignored.
 */
export function rootActionInputs(commands: readonly string[], env: NodeJS.ProcessEnv = process.env): { command: string; input: InputSource } {
  const raw = runnerInputs(env);
  const command = raw('command');
  const specs = ACTION_INPUTS[command];
  if (!commands.includes(command) || !specs) throw new InputError(`must be one of ${commands.join(', ')}; got '${command}'`, 'command');
  const accepted = new Set(['command', ...Object.keys(specs).map(rootName)]);
  for (const key of Object.keys(env)) {
    if (!key.startsWith('INPUT_') || (env[key] ?? '').trim() === '') continue;
    const name = key.slice('INPUT_'.length).toLowerCase();
    if (!accepted.has(name)) throw new InputError(`is not an input of ${command}; it takes: ${[...accepted].filter((n) => n !== 'command').join(', ')}`, name);
  }
  const input: InputSource = (name) => {
    const given = raw(rootName(name));
    if (given !== '') return given;
    return (specs[name]?.default ?? '').replace(/\$\{\{\s*github\.sha\s*\}\}/g, env.GITHUB_SHA ?? '').trim();
  };
  return { command, input };
}

/** Errors about a renamed input name it as the root action's user wrote it. */
export function withRootInputNames(entry: ActionEntry): ActionEntry {
  const rename = (error: unknown) => {
    if (isShipgateError(error) && error.input && ROOT_INPUT_NAMES[error.input]) {
      const bare = error.message.replace(`Input '${error.input}' `, '');
      const input = ROOT_INPUT_NAMES[error.input];
      return isInputError(error) ? new InputError(bare, input) : new ShipgateError(bare, input);
    }
    return error;
  };
  return {
    main: (io) => entry.main(io).catch((error: unknown) => Promise.reject(rename(error))),
    post: entry.post && ((io) => (entry.post as NonNullable<ActionEntry['post']>)(io).catch((error: unknown) => Promise.reject(rename(error)))),
  };
}
