import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '@shipgate/core';
import { closestName } from './closest-name';

/** A command the CLI can run, by its canonical name, with the inputs it takes as `--name value`. */
export interface CommandSpec {
  name: string;
  inputs: readonly string[];
}

export type CommandLine =
  /** `shipgate` alone: the usage, as a mistake. */
  | { kind: 'usage' }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'command-help'; command: string }
  | { kind: 'run'; command: string; options: Record<string, string> };

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Reads `shipgate [--help | --version | help [command] | <command> [--input value ...]]` with
 * Node's own parser in strict mode: a flag without its value, a flag given twice, a stray word
 * and an unknown flag are each an InputError naming the problem (and the flag that was probably
 * meant), never a guess. `commandNames` are offered when the command itself is unknown.
 */
export function parseCommandLine(
  args: readonly string[],
  resolve: (word: string) => CommandSpec | undefined,
  commandNames: readonly string[],
  /** Other names `resolve` accepts (aliases such as `metrics`), offered when a word is close to one. */
  aliasNames: readonly string[] = [],
): CommandLine {
  const commandFor = (word: string) => findCommand(word, resolve, commandNames, aliasNames);
  const [first, ...rest] = args;
  if (first === undefined) return { kind: 'usage' };
  // `shipgate --help staging-deploy` asks what `shipgate help staging-deploy` asks.
  if ((first === '--help' || first === '-h') && rest.length === 1 && !rest[0]?.startsWith('-')) {
    return { kind: 'command-help', command: commandFor(rest[0] as string).name };
  }
  if (first.startsWith('-')) {
    const values = strictParse(args, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } }, 'shipgate');
    return values.version ? { kind: 'version' } : { kind: 'help' };
  }
  if (first === 'help') {
    if (rest.length === 0) return { kind: 'help' };
    const [word, ...extra] = rest;
    if (extra.length > 0 || word === undefined) throw new InputError(`'help' takes at most one command; got: ${rest.join(' ')}`);
    if (word === 'help' || word === '--help' || word === '-h') return { kind: 'help' };
    return { kind: 'command-help', command: commandFor(word).name };
  }
  const command = commandFor(first);
  const options: Options = { help: { type: 'boolean', short: 'h' } };
  for (const input of command.inputs) options[input] = { type: 'string' };
  // Someone asking for help gets it, even if the rest of the line would be a mistake.
  if (asksForHelp(rest, options)) return { kind: 'command-help', command: command.name };
  const values = strictParse(rest, options, command.name);
  if (values.help) return { kind: 'command-help', command: command.name };
  return { kind: 'run', command: command.name, options: values as Record<string, string> };
}

function findCommand(word: string, resolve: (word: string) => CommandSpec | undefined, commandNames: readonly string[], aliasNames: readonly string[]): CommandSpec {
  const command = resolve(word);
  if (command) return command;
  const near = closestName(word, [...commandNames, ...aliasNames]);
  throw new InputError(`unknown command '${word}'${near ? `; did you mean '${near}'? The` : '; the'} commands are: ${commandNames.join(', ')} (shipgate --help)`);
}

/** `--help` or `-h` among the flags, read leniently (a value such as `--command --help` is not a request). */
function asksForHelp(args: readonly string[], options: Options): boolean {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

function strictParse(args: readonly string[], options: Options, where: string): Record<string, string | boolean | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw new InputError(describeMistake(args, options, where, error));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new InputError(`${where === 'shipgate' ? '' : `${where}: `}${token.rawName} is given more than once; give it once`);
    seen.add(token.name);
  }
  return parsed.values as Record<string, string | boolean | undefined>;
}

/**
 * The strict parse said no; Node's message is generic, so the same arguments are read again
 * leniently (still by parseArgs) to name the flag or word at fault.
 */
function describeMistake(args: readonly string[], options: Options, where: string, error: unknown): string {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const known = Object.keys(options).filter((name) => name !== 'help' && name !== 'version');
  const help = where === 'shipgate' ? 'shipgate --help' : `shipgate ${where} --help`;
  const problem = (text: string) => (where === 'shipgate' ? text : `${where}: ${text}`);
  const code = (error as { code?: string }).code;
  for (const [at, token] of tokens.entries()) {
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && token.kind === 'option' && !(token.name in options)) {
      const near = closestName(token.name, known);
      const alternatives = where === 'shipgate' ? 'it takes --help, --version, or a command first' : `${help} lists its inputs`;
      return problem(`unknown option ${token.rawName}${near ? `; did you mean --${near}?` : ''} (${alternatives})`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && token.kind === 'option') {
      // Leniently, `--command --environment x` reads '--environment' as the value: strictly, it is not one.
      const valueMissing = token.value === undefined || (!token.inlineValue && token.value.startsWith('-'));
      if (options[token.name]?.type === 'string' && valueMissing) {
        return problem(`${token.rawName} needs a value, e.g. ${token.rawName} <value> (a value starting with '-' is written ${token.rawName}=-value)`);
      }
      if (options[token.name]?.type === 'boolean' && token.value !== undefined) return problem(`${token.rawName} takes no value`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && (token.kind === 'positional' || token.kind === 'option-terminator')) {
      const word = token.kind === 'positional' ? token.value : '--';
      const before = tokens[at - 1];
      if (before?.kind === 'option' && before.value !== undefined && token.kind === 'positional') {
        return problem(`unexpected word '${word}' after ${before.rawName} ${before.value}; a value with spaces is quoted: ${before.rawName} "${before.value} ${word}"`);
      }
      return problem(`unexpected word '${word}'; ${where === 'shipgate' ? 'the command comes first' : 'every input is given as --name value'} (${help})`);
    }
  }
  return problem(`${error instanceof Error ? error.message : String(error)} (${help})`);
}
