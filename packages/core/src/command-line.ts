import { parse } from 'shell-quote';

/**
 * Splits a command template into argv the way a POSIX shell splits words (quotes, escapes),
 * but runs nothing: variables (`$VAR`), unquoted `#` and shell operators (`;`, `&&`, `|`, `>`,
 * ...) are refused, because shipgate never hands a command to a shell. A user who needs a shell
 * says so explicitly: `bash -c '...'`.
 *
 * Returns the argv, or a sentence saying what is wrong.
 */
export function splitCommand(template: string): { argv: string[] } | { problem: string } {
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
  return { argv };
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

/** The placeholders commands may use, e.g. `{sha}`. */
export type Placeholders = Partial<Record<'sha' | 'ref' | 'version' | 'environment' | 'weight' | 'stable-weight', string>>;

/**
 * Substitutes `{name}` in each already-split argument. Because splitting happened first, a
 * value such as `v1; touch x` or `$(reboot)` lands inside one argument as plain text.
 * Unknown `{...}` text (JSON, say) is left as it is.
 */
export function substitutePlaceholders(argv: readonly string[], values: Placeholders): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(sha|ref|version|environment|weight|stable-weight)\}/g, (whole, name: keyof Placeholders) => values[name] ?? whole),
  );
}
