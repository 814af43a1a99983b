import { parse } from 'shell-quote';

/** The placeholders of a deploy or redeploy command (staging-deploy's and rollback's `command`). */
export const DEPLOY_PLACEHOLDERS = ['sha', 'ref', 'version', 'environment'] as const;
/** The placeholders of a router's `set-weight-command`. */
export const WEIGHT_PLACEHOLDERS = ['weight', 'stable-weight'] as const;
export type PlaceholderName = (typeof DEPLOY_PLACEHOLDERS)[number] | (typeof WEIGHT_PLACEHOLDERS)[number];

/** The placeholders commands may use, e.g. `{sha}`. */
export type Placeholders = Partial<Record<PlaceholderName, string>>;

/**
 * `{name}` is a placeholder and `{{name}}` the literal text `{name}`. A name starts with a letter,
 * so other braces are plain text: JSON (`{"weight": {weight}}`), `{.items[0]}`, `{{ .Name }}`, `a{3}`.
 * Braces right after a `$` are plain text too: `${HOME}` in `bash -c '...'` is the shell's
 * parameter expansion, and the `{{HOME}}` escape would turn it into `${{HOME}}`, a GitHub expression.
 */
const PLACEHOLDER = /(?<!\$\{?)(?:\{\{([A-Za-z][\w-]*)\}\}|\{([A-Za-z][\w-]*)\})/g;

/**
 * The placeholders `argv` really uses, in order of first use: `{name}`, not the escaped
 * `{{name}}` nor the shell's `${name}`. A check such as "the set-weight-command must use
 * {weight}" asks this, never `includes('{weight}')`, which `{{weight}}` would satisfy.
 */
export function placeholdersUsed(argv: readonly string[]): string[] {
  const used = new Set<string>();
  for (const arg of argv) {
    for (const [, escaped, name] of arg.matchAll(PLACEHOLDER)) if (escaped === undefined) used.add(name as string);
  }
  return [...used];
}

/**
 * Splits a command template into argv the way a POSIX shell splits words (quotes, escapes),
 * but runs nothing: variables (`$VAR`), unquoted `#` and shell operators (`;`, `&&`, `|`, `>`,
 * ...) are refused, because shipgate never hands a command to a shell. A user who needs a shell
 * says so explicitly: `bash -c '...'`.
 *
 * `placeholders` are the `{name}`s this command is given; any other `{name}` is refused (a
 * misspelled `{shaa}` passed on literally would deploy the wrong thing and report success).
 *
 * Returns the argv (placeholders still in it: see substitutePlaceholders), or a sentence saying what is wrong.
 */
export function splitCommand(template: string, placeholders: readonly PlaceholderName[] = []): { argv: string[] } | { problem: string } {
  if (template.trim() === '') return { problem: 'is empty' };
  // shell-quote silently closes a quote left open ('"deploy {sha}' becomes one argument); a
  // shell would refuse it, and guessing where the user meant it to end is worse.
  const openQuote = unterminatedQuote(template);
  if (openQuote) return { problem: `has a ${openQuote} quote that is never closed; close it, or escape it with a backslash if it is part of an argument` };
  // A shell would expand `$NAME`; shipgate has no shell, and passing the text on literally
  // would surprise just as much, so it is refused (shell-quote would silently make it '').
  let variable: string | undefined;
  const tokens = parse(template, (name) => {
    variable ??= name;
    return '';
  });
  if (variable !== undefined) {
    return {
      problem: `uses the variable $${variable}; shipgate runs commands without a shell and expands nothing — pass values with \${{ }} in the workflow, read the variable in your script, or use bash -c '...'`,
    };
  }
  const argv: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') {
      argv.push(token);
    } else if ('op' in token && token.op === 'glob') {
      argv.push(token.pattern);
    } else if ('op' in token) {
      return {
        problem: `contains the shell operator '${token.op}'; shipgate runs commands without a shell — use a script, or bash -c '...' if you need one`,
      };
    } else if ('comment' in token) {
      // shell-quote starts a comment at any '#', a shell only at the start of a word
      // (https://x/#/app); refusing beats silently dropping the rest of the command.
      return { problem: "contains an unquoted '#'; quote the argument that contains it, e.g. 'https://example.com/#/app'" };
    }
  }
  if (argv.length === 0) return { problem: 'has no program to run' };
  const unknown = unknownPlaceholder(argv, placeholders);
  if (unknown) return { problem: unknown };
  return { argv };
}

/** A sentence about the first `{name}` in argv that is not one of `known`, if there is one. */
function unknownPlaceholder(argv: readonly string[], known: readonly string[]): string | undefined {
  const name = placeholdersUsed(argv).find((used) => !known.includes(used));
  if (name === undefined) return undefined;
  const literal = `write {{${name}}} for the literal text {${name}}`;
  if (known.length === 0) return `uses {${name}}, but this command takes no placeholders (${literal})`;
  return `uses the unknown placeholder {${name}}; the placeholders are ${known.map((k) => `{${k}}`).join(' ')} (${literal})`;
}

/** The quote character left open at the end of `template`, read as a POSIX shell reads quotes and backslashes. */
function unterminatedQuote(template: string): string | undefined {
  let open: '"' | "'" | undefined;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (open === "'") {
      if (char === "'") open = undefined;
    } else if (char === '\\') {
      i++; // escapes the next character, outside quotes and inside double quotes
    } else if (char === '"') {
      open = open ? undefined : '"';
    } else if (char === "'" && !open) {
      open = "'";
    }
  }
  return open;
}

/**
 * Substitutes `{name}` in each already-split argument and turns `{{name}}` into `{name}`. Because
 * splitting happened first, a value such as `v1; touch x` or `$(reboot)` lands inside one
 * argument as plain text. A command without placeholders is passed here with no values, for its
 * `{{name}}` escapes. Names were checked by splitCommand; one without a value stays as written.
 */
export function substitutePlaceholders(argv: readonly string[], values: Placeholders): string[] {
  return argv.map((arg) =>
    arg.replace(PLACEHOLDER, (whole, escaped: string | undefined, name: string | undefined) =>
      escaped !== undefined ? `{${escaped}}` : (values[name as PlaceholderName] ?? whole),
    ),
  );
}
