import { ShipgateError } from '@shipgate/core';

export interface ParsedArgv {
  command?: string;
  /** `--name value`, `--name=value`; a bare `--flag` is `true`. */
  options: Record<string, string>;
  positionals: string[];
}

/** Splits `shipgate <command> --input value ...` without guessing: every option has a name. */
export function parseArgv(args: readonly string[]): ParsedArgv {
  const options: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const body = arg.slice(2);
    if (body === '') throw new ShipgateError("'--' alone is not an option; write --name value");
    const eq = body.indexOf('=');
    if (eq >= 0) {
      options[body.slice(0, eq)] = body.slice(eq + 1);
    } else if (i + 1 < args.length && !(args[i + 1] as string).startsWith('--')) {
      options[body] = args[++i] as string;
    } else {
      options[body] = 'true';
    }
  }
  const [command, ...rest] = positionals;
  return { command, options, positionals: rest };
}
