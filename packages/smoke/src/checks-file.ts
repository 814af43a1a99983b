import { escapeControlCharacters, InputError, readWorkspaceFile, type FileAnnotation } from '@shipgate/core';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { MAX_CHECKS_BYTES } from './checks-limits';
import { checksFileSchema, type ChecksFile } from './checks-schema';

/** The contract's default when `checks` is empty: `GET /` expecting 2xx. */
export const DEFAULT_CHECKS: ChecksFile = { checks: [{ path: '/' }] };

/**
 * Reads the `checks` input: inline YAML/JSON, or the path of a YAML/JSON file inside
 * `workspace` (no `..`, no absolute path or symbolic link leading out, a regular file of at most
 * 1 MiB). A mistake is one InputError (found while reading the inputs, before any request)
 * naming the item (`checks[2].expect.status: ...`), annotated on the file and line when it came
 * from a file; a file's content is never quoted unless it is a value inside a checks document.
 */
export function loadChecks(input: string, workspace: string): ChecksFile {
  if (input.trim() === '') return DEFAULT_CHECKS;
  if (!looksLikePath(input)) return parseChecks(input, undefined);
  const file = readWorkspaceFile('checks', input.trim(), workspace, { maxBytes: MAX_CHECKS_BYTES, what: 'checks file' });
  return parseChecks(file.text, file.shown);
}

/** One line without YAML punctuation (`:`, braces, brackets) is a file name, not a document. */
function looksLikePath(input: string): boolean {
  return /^[^\n:{}[\]]+$/.test(input.trim());
}

/** Parses and validates checks text; `file` names where it came from, for messages and annotations. */
export function parseChecks(text: string, file: string | undefined): ChecksFile {
  const where = file ? `checks file ${file}` : `Input 'checks'`;
  const lines = new LineCounter();
  if (Buffer.byteLength(text) > MAX_CHECKS_BYTES) throw new InputError(`${where}: more than ${MAX_CHECKS_BYTES / 1024} KiB of checks`);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lines.linePos(syntax.pos[0]).line;
    // yaml's first line names the problem and its position, never the text there.
    const problem = escapeControlCharacters(syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${where}, line ${line}: not valid YAML or JSON: ${problem}`, undefined, annotate(file, line));
  }
  let value: unknown;
  try {
    // toJS expands aliases; a "billion laughs" document stops at yaml's alias limit (a ReferenceError).
    value = doc.toJS({ maxAliasCount: 1_000 });
  } catch (error) {
    throw new InputError(`${where}: cannot be read as data: ${error instanceof Error && /alias/i.test(error.message) ? 'too many aliases (a YAML alias bomb?)' : 'not valid YAML or JSON'}`, undefined, annotate(file, undefined));
  }
  const result = checksFileSchema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const { label, message } = describeIssue(issue, path);
  const line = lineOf(doc, lines, issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] as string] : path);
  throw new InputError(`${where}: ${label}: ${message}`, undefined, annotate(file, line));
}

function annotate(file: string | undefined, line: number | undefined): FileAnnotation | undefined {
  return file ? { file, line } : undefined;
}

function describeIssue(issue: z.core.$ZodIssue, path: (string | number)[]): { label: string; message: string } {
  // Keys come from the file: written out so a key cannot break the message's line.
  const label = escapeControlCharacters(formatPath(path)) || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return { label, message: `unknown key ${issue.keys.map((k) => `'${escapeControlCharacters(k.length > 40 ? `${k.slice(0, 37)}...` : k)}'`).join(', ')} (check the spelling; see the checks file format)` };
  }
  // The offending value helps when it is a scalar or list inside a checks document; a whole
  // check object does not, and a file that is not a checks document at all (the top level, or
  // a file the path named by mistake) is never quoted. Header values and bodies may be secrets,
  // URLs may carry credentials.
  const input = (issue as { input?: unknown }).input;
  const quotable = path.length > 1 && !path.some((p) => p === 'headers' || p === 'body' || p === 'url');
  const got = quotable && 'input' in issue && (typeof input !== 'object' || input === null || Array.isArray(input)) ? `; got ${show(input)}` : '';
  // zod's own wording for a missing value is "Invalid input: expected X, received undefined".
  const message = issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '');
  const normalised = message.startsWith('expected') || message.startsWith('set ') ? message : `expected ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  return { label, message: `${normalised}${got}` };
}

/** ['checks', 2, 'expect', 'status'] → `checks[2].expect.status`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = escapeControlCharacters(JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
