import { describe, expect, it } from 'vitest';
import { InputError } from '@shipgate/core';
import { parseCommandLine, type CommandSpec } from './parse-argv';

const commands: Record<string, CommandSpec> = {
  'staging-deploy': { name: 'staging-deploy', inputs: ['environment', 'command', 'version', 'health-timeout'] },
  demo: { name: 'demo', inputs: [] },
};
const aliases: Record<string, string> = { deploy: 'staging-deploy' };
const parse = (...args: string[]) => parseCommandLine(args, (word) => commands[word] ?? commands[aliases[word] ?? ''], Object.keys(commands), Object.keys(aliases));
const mistake = (...args: string[]) => {
  try {
    parse(...args);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`no mistake found in ${args.join(' ')}`);
};

describe('parseCommandLine', () => {
  it.each([[['--help']], [['-h']], [['help']]])('%j asks for the usage', (args) => {
    expect(parse(...args)).toEqual({ kind: 'help' });
  });

  it.each([[['--version']], [['-V']]])('%j asks for the version', (args) => {
    expect(parse(...args)).toEqual({ kind: 'version' });
  });

  it('reads nothing at all as a usage mistake, and `help <command>` and `<command> --help` as that command\'s help', () => {
    expect(parse()).toEqual({ kind: 'usage' });
    expect(parse('help', 'staging-deploy')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    expect(parse('staging-deploy', '--help')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    expect(parse('demo', '-h')).toEqual({ kind: 'command-help', command: 'demo' });
  });

  it('reads --name value and --name=value, keeping a value that starts with a dash when written with =', () => {
    expect(parse('staging-deploy', '--command', './deploy.sh {sha}', '--version=-rc1')).toEqual({
      kind: 'run',
      command: 'staging-deploy',
      options: { command: './deploy.sh {sha}', version: '-rc1' },
    });
  });

  it('refuses a flag without its value instead of reading it as "true"', () => {
    expect(mistake('staging-deploy', '--command')).toBe("staging-deploy: --command needs a value, e.g. --command <value> (a value starting with '-' is written --command=-value)");
    expect(mistake('staging-deploy', '--command', '--environment', 'staging')).toContain('--command needs a value');
  });

  it('refuses a flag given twice instead of keeping the last one', () => {
    expect(mistake('staging-deploy', '--command', 'a', '--command', 'b')).toBe('staging-deploy: --command is given more than once; give it once');
  });

  it('refuses a stray word, and shows how the value was probably meant', () => {
    expect(mistake('staging-deploy', '--health-timeout', '2', 'minutes')).toBe(
      `staging-deploy: unexpected word 'minutes' after --health-timeout 2; a value with spaces is quoted: --health-timeout "2 minutes"`,
    );
    expect(mistake('staging-deploy', 'staging')).toContain("unexpected word 'staging'; every input is given as --name value");
  });

  it('refuses an unknown flag and names the closest known one', () => {
    expect(mistake('staging-deploy', '--enviroment', 'prod')).toBe('staging-deploy: unknown option --enviroment; did you mean --environment? (shipgate staging-deploy --help lists its inputs)');
    expect(mistake('staging-deploy', '--env', 'prod')).toContain('did you mean --environment?');
    expect(mistake('staging-deploy', '--zzz', 'x')).toBe('staging-deploy: unknown option --zzz (shipgate staging-deploy --help lists its inputs)');
    expect(mistake('demo', '--fast')).toContain('demo: unknown option --fast');
  });

  it('refuses an unknown command and names the closest one', () => {
    expect(mistake('staging-deply')).toBe("unknown command 'staging-deply'; did you mean 'staging-deploy'? The commands are: staging-deploy, demo (shipgate --help)");
    expect(mistake('--verbose')).toBe('unknown option --verbose (it takes --help, --version, or a command first)');
  });

  it("reads `--help <command>` as that command's help, and `help help` / `help -h` as the usage", () => {
    expect(parse('--help', 'staging-deploy')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    expect(parse('-h', 'deploy')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    expect(parse('help', 'help')).toEqual({ kind: 'help' });
    expect(parse('help', '-h')).toEqual({ kind: 'help' });
    expect(parse('help', '--help')).toEqual({ kind: 'help' });
  });

  it('shows the help when it is asked for, even if the rest of the line is a mistake', () => {
    expect(parse('staging-deploy', '--help', '--command')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    expect(parse('staging-deploy', '--bogus', 'x', '-h')).toEqual({ kind: 'command-help', command: 'staging-deploy' });
    // A value that happens to be --help is not a request for help: still a missing value.
    expect(mistake('staging-deploy', '--command', '--help')).toMatch(/--command needs a value/);
  });

  it('offers an alias when the word is closest to one', () => {
    expect(mistake('deplo')).toMatch(/did you mean 'deploy'\?/);
  });
});
