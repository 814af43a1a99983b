/**
 * The Actions runner reads every line a step prints and executes two shapes of line as workflow
 * commands: a line that starts with `::name ...::` after optional whitespace, and — the legacy
 * form — a `##[name ...]` anywhere in a line. It splits lines at LF and CR. So a server body,
 * a check name or a command's output holding `\n::add-mask::x`, `\r::stop-commands::t` or
 * `##[error]...` would run a command shipgate never meant to issue.
 *
 * neutraliseWorkflowCommands keeps the text readable and its line breaks, but:
 * - CR, CRLF and the other line breaks (VT, FF, NEL, U+2028/2029) become a plain newline, so
 *   every line the runner sees is a line this function inspected;
 * - other control characters (NUL, ESC, BEL, …) are written as `\u001b` (no terminal escapes);
 * - a line whose first non-blank characters are `::` gets a zero-width space between the two
 *   colons, and every `##[` gets one before the bracket: the runner no longer recognises them.
 */
const ZERO_WIDTH_SPACE = '\u200B';
const LINE_BREAKS = /\r\n|[\r\u000B\u000C\u0085\u2028\u2029]/g;
const OTHER_CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// .NET's TrimStart (the runner) trims Unicode white space; \s covers the same set once controls are gone.
const COMMAND_AT_LINE_START = /^(\s*):(?=:)/gm;
const LEGACY_COMMAND = /##\[/g;

export function neutraliseWorkflowCommands(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .replace(OTHER_CONTROLS, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
    .replace(COMMAND_AT_LINE_START, `$1:${ZERO_WIDTH_SPACE}`)
    .replace(LEGACY_COMMAND, `##${ZERO_WIDTH_SPACE}[`);
}

/**
 * Neutralises an error's message and stack in place before it is reported (`::error::`): the
 * message may quote a server's body or a command's output.
 */
export function neutraliseErrorText(error: unknown): void {
  if (!(error instanceof Error)) return;
  error.message = neutraliseWorkflowCommands(error.message);
  if (error.stack) error.stack = neutraliseWorkflowCommands(error.stack);
}
