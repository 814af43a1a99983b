import { z } from 'zod';
import { splitCommand, type PlaceholderName } from './command-line';
import { escapeControlCharacters, findControlCharacter } from './control-characters';
import { formatDuration, MAX_TIMEOUT_MS, parseDuration } from './duration';
import { InputError } from './errors';
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
  throw new InputError(issue?.message ?? 'is invalid', name || undefined);
}

/**
 * Echoes a bad value back, shortened, never with the credentials of a `user:pw@` URL, and with
 * control characters written out (`\u000a`) so the echo cannot act on the log.
 */
const show = (raw: string) => {
  const value = escapeControlCharacters(raw.replace(/\/\/[^/@\s]*@/g, '//***@'));
  return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
};

/** What a one-line text input accepts besides "one line, no control characters". */
export interface LineLimits {
  /** Longest value in characters (GitHub's own limit where there is one). */
  max?: number;
  /** Says where `max` comes from, e.g. "GitHub's limit for an environment name". */
  maxReason?: string;
  /** Refuse a leading `-`: the value reaches git or a command's argv, where it would be an option. */
  noLeadingDash?: boolean;
  /** Never repeat the value in a message (a token). */
  secret?: boolean;
}

/** Default length cap of a one-line input: far above any real name, far below a runaway value. */
export const DEFAULT_LINE_MAX = 1_024;

/**
 * The one check of every one-line text input (names, refs, versions, URLs, paths): no control
 * character (a newline could start a workflow command in the log or split a header), no unpaired
 * surrogate, a length within GitHub's limits, and optionally no leading `-`. Returns the problem, or undefined.
 */
export function lineProblem(value: string, limits: LineLimits = {}): string | undefined {
  const control = findControlCharacter(value);
  if (control) return `must be one line without control characters; it holds ${control}`;
  // Half of a UTF-16 pair is no character: URLs (encodeURIComponent), git and GitHub cannot take it.
  const lone = /\p{Cs}/u.exec(value)?.[0];
  if (lone !== undefined) return `must be valid text; it holds an unpaired surrogate (U+${lone.charCodeAt(0).toString(16).toUpperCase()})`;
  const max = limits.max ?? DEFAULT_LINE_MAX;
  if (value.length > max) {
    return `must be at most ${max} characters${limits.maxReason ? ` (${limits.maxReason})` : ''}; got ${value.length}`;
  }
  if (limits.noLeadingDash && value.startsWith('-')) {
    return `must not start with '-' (git and commands would read it as an option); got ${limits.secret ? 'a value starting with -' : show(value)}`;
  }
  return undefined;
}

/** The one-line inputs every action shares, with GitHub's limits where GitHub has one. */
export const LINE_LIMITS = {
  /** GitHub refuses environment names over 255 characters. */
  environment: { max: 255, maxReason: "GitHub's limit for an environment name" },
  /** A sha, branch or tag: it reaches git, so no leading `-`. */
  ref: { max: 255, noLeadingDash: true },
  /** Goes into deployment descriptions and statuses, and often an image tag (registries allow 128). */
  version: { max: 128, maxReason: 'the longest image tag registries accept' },
  /** A commit status context or a branch pattern. */
  name: { max: 255 },
  /** A file path (PATH_MAX). */
  path: { max: 4_096 },
} as const satisfies Record<string, LineLimits>;

function checkLine(value: string, ctx: z.RefinementCtx, limits: LineLimits | undefined): boolean {
  const problem = lineProblem(value, limits);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
  return problem === undefined;
}

/** A required, non-empty, one-line string (see lineProblem). */
export const requiredText = (what: string, limits?: LineLimits) =>
  z.string().transform((v, ctx) => {
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: `is required: ${what}` });
      return z.NEVER;
    }
    return checkLine(v, ctx, limits) ? v : z.NEVER;
  });

/** An optional one-line string: '' becomes undefined. */
export const optionalText = (limits?: LineLimits) =>
  z.string().transform((v, ctx) => (v === '' ? undefined : checkLine(v, ctx, limits) ? v : z.NEVER));

/**
 * A comma/newline separated list of one-line items (branch patterns, status contexts), each
 * checked like a one-line input; [] when empty.
 */
export const lineListInput = (limits: LineLimits = LINE_LIMITS.name) =>
  z.string().transform((v, ctx): string[] => {
    const items = v
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    for (const item of items) if (!checkLine(item, ctx, limits)) return z.NEVER;
    return items;
  });

/** A multi-line text (inline YAML, header lines), bounded in size; control characters other than tab and newlines refused. */
export const multilineText = (maxBytes: number) =>
  z.string().transform((v, ctx) => {
    if (Buffer.byteLength(v) > maxBytes) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${Math.round(maxBytes / 1024)} KiB; got ${Math.ceil(Buffer.byteLength(v) / 1024)} KiB` });
      return z.NEVER;
    }
    const control = findControlCharacter(v.replace(/\r?\n|\t/g, ' '));
    if (control) {
      ctx.addIssue({ code: 'custom', message: `must not hold control characters other than tabs and newlines; it holds ${control}` });
      return z.NEVER;
    }
    return v;
  });

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

/** Bounds of a duration input. Every duration has a maximum: a timer above 2³¹−1 ms fires at once. */
export interface DurationLimits {
  /** Default MAX_TIMEOUT_MS (24h). */
  max?: number;
  /** Refuse 0 (a timeout of 0 would fail everything it bounds). */
  positive?: boolean;
}

/** Parses a duration and checks it against its limits; records the problem on ctx. */
function checkedDuration(v: string, ctx: z.RefinementCtx, limits: DurationLimits = {}): number {
  const ms = parseDuration(v);
  if (ms === undefined) return parseOrReport(v, ctx, parseDuration, DURATION);
  const max = limits.max ?? MAX_TIMEOUT_MS;
  if (ms > max || (limits.positive && ms <= 0)) {
    ctx.addIssue({ code: 'custom', message: `must be a duration from ${limits.positive ? '1ms' : '0'} to ${formatDuration(max)}, like 30s or 5m; got ${show(v)}` });
    return z.NEVER;
  }
  return ms;
}

/** A duration (`250ms`, `30s`, `5m`, `1h`) in milliseconds, within `limits` (default at most 24h). */
export const durationInput = (limits?: DurationLimits) => z.string().transform((v, ctx): number => checkedDuration(v, ctx, limits));
export const optionalDurationInput = (limits?: DurationLimits) =>
  z.string().transform((v, ctx): number | undefined => (v === '' ? undefined : checkedDuration(v, ctx, limits)));

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

/** Longest URL accepted (browsers and proxies commonly stop near 2 kB). */
export const MAX_URL_LENGTH = 2_048;

/** An optional http(s) URL: '' becomes undefined. One line: the URL parser would silently drop a newline the raw text keeps. */
export const optionalUrlInput = () =>
  z.string().transform((v, ctx): string | undefined => {
    if (v === '') return undefined;
    if (!checkLine(v, ctx, { max: MAX_URL_LENGTH })) return z.NEVER;
    return parseOrReport(v, ctx, (text) => (isHttpUrl(text) ? text : undefined), 'an http:// or https:// URL without user:password@');
  });

/** One of a fixed set of words. */
export const choiceInput = <const T extends readonly [string, ...string[]]>(choices: T) =>
  parsedInput((v) => ((choices as readonly string[]).includes(v) ? (v as T[number]) : undefined), `one of ${choices.join(', ')}`);

/**
 * http(s) only, and without `user:password@`: fetch refuses such URLs, and the URL is shown in
 * logs and deployment statuses, so credentials in it would be published. Headers carry them.
 */
export function isHttpUrl(text: string): boolean {
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
export const commandInput = (placeholders: readonly PlaceholderName[]) => z.string().transform((v, ctx) => checkedCommand(v, ctx, placeholders));
export const optionalCommandInput = (placeholders: readonly PlaceholderName[]) =>
  z.string().transform((v, ctx) => (v === '' ? undefined : checkedCommand(v, ctx, placeholders)));

/** Longest command template: argv beyond this nears the kernel's limit for a process's arguments. */
const MAX_COMMAND_LENGTH = 32 * 1024;

function checkedCommand(v: string, ctx: z.RefinementCtx, placeholders: readonly PlaceholderName[]): string[] {
  if (v.length > MAX_COMMAND_LENGTH || v.includes('\u0000')) {
    ctx.addIssue({ code: 'custom', message: `must be a command to run, at most ${MAX_COMMAND_LENGTH} characters and without NUL characters` });
    return z.NEVER;
  }
  let split: ReturnType<typeof splitCommand>;
  try {
    split = splitCommand(v, placeholders);
  } catch {
    // shell-quote throws on some `${...}` forms ("Bad substitution") instead of returning a problem.
    split = { problem: 'has a ${...} substitution shipgate cannot split (commands run without a shell; use a placeholder like {sha})' };
  }
  if ('problem' in split) {
    ctx.addIssue({ code: 'custom', message: `must be a command to run, e.g. ./deploy.sh {sha}; it ${split.problem}` });
    return z.NEVER;
  }
  return split.argv;
}

/** Inputs every shipgate action takes (CONTRACT.md). */
export const commonInputs = {
  // Refused without echo: a token is printable ASCII; anything else would split or break the Authorization header.
  'github-token': z.string().transform((v, ctx) => {
    if (v === '' || /^[\x21-\x7E]{1,4096}$/.test(v)) return v;
    ctx.addIssue({ code: 'custom', message: 'must be a GitHub token: up to 4096 printable ASCII characters without spaces (the value is not shown)' });
    return z.NEVER;
  }),
  'dry-run': booleanInput(),
};
