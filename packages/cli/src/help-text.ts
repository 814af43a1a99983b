import type { ActionInputSpec } from './action-inputs.generated';

const WIDTH = 100;

/** `text` folded into lines of at most WIDTH columns, each starting with `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** A default as the CLI applies it outside Actions (see localDefault in run-command-line.ts). */
function describeDefault(value: string): string {
  if (/^\$\{\{\s*github\.sha\s*\}\}$/.test(value)) return 'HEAD (GITHUB_SHA when set)';
  if (/^\$\{\{\s*github\.token\s*\}\}$/.test(value)) return 'GITHUB_TOKEN from the environment';
  return JSON.stringify(value);
}

export interface CommandSummary {
  name: string;
  description: string;
}

/** `shipgate --help`. */
export function usageText(commands: readonly CommandSummary[], aliases: readonly [string, string][]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 'demo'.length) + 2;
  const rows = [...commands, { name: 'demo', description: 'Runs the whole flow on this machine against a demo app (no GitHub needed).' }].flatMap((c) => {
    const [firstLine = '', ...more] = wrap(c.description, ' '.repeat(width + 2));
    return [`  ${c.name.padEnd(width)}${firstLine.trimStart()}`, ...more];
  });
  return [
    'usage: shipgate <command> [--<input> <value> ...]',
    '       shipgate <command> --help     the inputs of a command, with their defaults',
    '       shipgate --version',
    '',
    'commands:',
    ...rows,
    ...(aliases.length ? ['', `aliases: ${aliases.map(([alias, command]) => `${alias} = ${command}`).join(', ')}`] : []),
    '',
    'Inputs are the action\'s inputs, e.g.',
    '  shipgate staging-deploy --command "./deploy.sh {sha}" --environment staging --health-url http://127.0.0.1:3000/health',
    'Without GITHUB_TOKEN and GITHUB_REPOSITORY, records go to .shipgate/records.json (SHIPGATE_RECORDS_FILE to change).',
    'Exit codes: 0 done, 1 a check, deploy or rollback failed (or GitHub did), 2 bad input (nothing was run).',
  ].join('\n');
}

/** `shipgate <command> --help`: every input with its default and action.yml's description. */
export function commandHelpText(command: string, description: string, inputs: Readonly<Record<string, ActionInputSpec>>): string {
  const lines = [`usage: shipgate ${command} [--<input> <value> ...]`, '', ...wrap(description, ''), '', 'inputs:'];
  for (const [name, spec] of Object.entries(inputs)) {
    const when = spec.required ? 'required' : spec.default === '' ? 'optional' : `default ${describeDefault(spec.default)}`;
    lines.push(`  --${name} <value>    (${when})`, ...wrap(spec.description, '      '));
  }
  lines.push('', 'A value with spaces is quoted; a value starting with \'-\' is written --name=-value.');
  return lines.join('\n');
}

/** `shipgate demo --help`. */
export const DEMO_HELP = `usage: shipgate demo

Runs the shipgate flow on this machine, no GitHub needed: a throw-away git repository, a demo app
per environment, records in a local file. Deploys to staging, smoke-tests, gates, and shows a bad
version refused. Exits 0 only when every stage behaved as shipgate promises. Takes no options.`;
