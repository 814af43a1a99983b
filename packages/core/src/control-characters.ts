/**
 * Characters that break a value out of its line: C0 controls (newline, carriage return, NUL,
 * ESC…), DEL, C1 controls (NEL…) and the Unicode line/paragraph separators. A single-line value
 * holding one could start a workflow command in the log, split a header, or smuggle terminal
 * escapes, so single-line inputs refuse them.
 */
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

const NAMES: Record<string, string> = {
  '\n': 'a newline',
  '\r': 'a carriage return',
  '\t': 'a tab',
  '\u0000': 'a NUL character',
  '\u001B': 'an escape character',
};

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `a newline (U+000A)`: names the character without repeating the value it sits in. */
export function describeCharacter(char: string): string {
  return `${NAMES[char] ?? 'a control character'} (${codePoint(char)})`;
}

/** The first control character of `text`, described, or undefined when there is none. */
export function findControlCharacter(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  return found ? describeCharacter(found[0]) : undefined;
}

/** Control characters written as `\u001b`, so a value can be shown without acting on a terminal or log. */
export function escapeControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
