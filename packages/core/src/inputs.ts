import { z } from 'zod';
import { splitCommand } from './command-line';
import { parseDuration } from './duration';
import { ShipgateError } from './errors';
import { parsePercentage } from './percentage';

/** Reads one raw input by its action.yml name; '' when unset, as on the runner. */
export type InputSource = (name: string) => string;

/** The runner passes `with:` values as INPUT_<NAME>: upper-cased, spaces to underscores, hyphens kept. */
export function runnerInputs(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * Reads every input named by the schema's keys and validates them. The first problem becomes
 * one ShipgateError naming the input, so the user sees a single actionable line.
 */
export function parseInputs<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  source: InputSource,
): z.output<z.ZodObject<Shape>> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) raw[name] = source(name);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue ? String(issue.path[0] ?? '') : '';
  throw new ShipgateError(issue?.message ?? 'is invalid', name || undefined);
}

/** Echoes a bad value back, shortened, and never with the credentials of a `user:pw@` URL. */
const show = (raw: string) => {
  const value = raw.replace(/\/\/[^/@\s]*@/g, '//***@');
  return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
};

/** A required, non-empty string. */
export const requiredText = (what: string) =>
  z.string().refine((v) => v !== '', { message: `is required: ${what}` });

/** An optional string: '' becomes undefined. */
export const optionalText = () => z.string().transform((v) => (v === '' ? undefined : v));

type Parse<T> = (value: string) => T | undefined;

/** Runs `parse`; when it fails, records that the input "must be <expects>" (zod then fails). */
function parseOrReport<T>(v: string, ctx: z.RefinementCtx, parse: Parse<T>, expects: string): T {
  const value = parse(v);
  if (value !== undefined) return value;
  ctx.addIssue({ code: 'custom', message: `must be ${expects}; got ${show(v)}` });
  return z.NEVER;
}

/** A string input turned into a value by `parse`. */
function parsedInput<T>(parse: Parse<T>, expects: string) {
  return z.string().transform((v, ctx): T => parseOrReport(v, ctx, parse, expects));
}

/** Like parsedInput, but '' (not set) is allowed and becomes undefined. */
function optionalParsedInput<T>(parse: Parse<T>, expects: string) {
  return z.string().transform((v, ctx): T | undefined => (v === '' ? undefined : parseOrReport(v, ctx, parse, expects)));
}

const parseBoolean: Parse<boolean> = (v) =>
  ['true', 'True', 'TRUE'].includes(v) ? true : ['false', 'False', 'FALSE'].includes(v) ? false : undefined;
const DURATION = 'a duration like 250ms, 30s, 5m or 1h';

/** `true`/`false` in the spellings YAML 1.2 and @actions/core accept; anything else is an error. */
export const booleanInput = () => parsedInput(parseBoolean, 'true or false');

/** A duration (`250ms`, `30s`, `5m`, `1h`) in milliseconds. */
export const durationInput = () => parsedInput(parseDuration, DURATION);
export const optionalDurationInput = () => optionalParsedInput(parseDuration, DURATION);

/** A percentage (`0.5%`) or fraction (`0.005`), as a fraction. */
export const percentageInput = () =>
  parsedInput(parsePercentage, 'a percentage like 0.5% or a fraction like 0.005');
export const optionalPercentageInput = () =>
  optionalParsedInput(parsePercentage, 'a percentage like 0.5% or a fraction like 0.005');

/** A whole number within bounds. */
export const integerInput = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  parsedInput(
    (v) => {
      const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
    },
    `a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`,
  );

/** An optional http(s) URL: '' becomes undefined. */
export const optionalUrlInput = () =>
  optionalParsedInput((v) => (isHttpUrl(v) ? v : undefined), 'an http:// or https:// URL without user:password@');

/** One of a fixed set of words. */
export const choiceInput = <const T extends readonly [string, ...string[]]>(choices: T) =>
  parsedInput((v) => ((choices as readonly string[]).includes(v) ? (v as T[number]) : undefined), `one of ${choices.join(', ')}`);

/**
 * http(s) only, and without `user:password@`: fetch refuses such URLs, and the URL is shown in
 * logs and deployment statuses, so credentials in it would be published. Headers carry them.
 */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * A command template split into argv now, so a malformed command is an input error before
 * anything is created. Placeholders are substituted later, into the split arguments.
 */
export const commandInput = () => z.string().transform((v, ctx) => checkedCommand(v, ctx));
export const optionalCommandInput = () =>
  z.string().transform((v, ctx) => (v === '' ? undefined : checkedCommand(v, ctx)));

function checkedCommand(v: string, ctx: z.RefinementCtx): string[] {
  const split = splitCommand(v);
  if ('problem' in split) {
    ctx.addIssue({ code: 'custom', message: `must be a command to run, e.g. ./deploy.sh {sha}; it ${split.problem}` });
    return z.NEVER;
  }
  return split.argv;
}

/** Inputs every shipgate action takes (CONTRACT.md). */
export const commonInputs = {
  'github-token': z.string(),
  'dry-run': booleanInput(),
};
