import fc from 'fast-check';

/**
 * One generated input value and what the issue (8) says must happen to it. `mustRefuse` is set
 * only where the expected outcome is beyond doubt (a control character in a single-line
 * input, a duration no timer can wait, a non-number for a number...): the action must then
 * end with a ShipgateError naming an input, having changed nothing.
 */
export interface Candidate {
  value: string;
  /** Why this value must be refused; undefined when success is a possible outcome. */
  mustRefuse?: string;
}

const ok = (value: string): Candidate => ({ value });
const refuse = (why: string) => (value: string): Candidate => ({ value, mustRefuse: why });

/** Timers take at most 2³¹−1 ms; a larger duration cannot be honoured and must be refused. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The runner trims inputs (runnerInputs); control characters are judged on what is left. */
export const hasControlCharacter = (value: string) => /[\u0000-\u001f\u007f]/.test(value.trim());

/** Workflow commands a hostile value tries to smuggle onto a line of its own. */
export const WORKFLOW_COMMANDS = [
  '::add-mask::fuzz-mask',
  '::error::fuzz-injected-error',
  '::stop-commands::fuzzstop',
  '::warning file=/etc/passwd::fuzz',
  '::set-output name=fuzz::1',
  '::group::fuzz',
  '::debug::fuzz',
  '::save-state name=deployment-id::1',
];
/** Line breaks as the runner reads lines (.NET ReadLine: \n, \r\n, \r), and look-alikes it does not. */
const BREAKS = ['\n', '\r\n', '\r', '\n   ', '\n\t', '%0A', '%0D%0A', '\u2028', '\u0085', '\\n'];
const SHELL = ['$(touch {outside}/pwned)', '`id`', '; {intruder}', '| {intruder}', '&& {intruder}', '$({intruder})', '`{intruder}`', '${IFS}', '$HOME', "'", '"', '\\', '*', '~', '#', '>{outside}/shell-redirect'];
const DASH = ['-', '--', '-rf', '--output={outside}/dash', '--help', '-c', '--exec={intruder}'];
const UNICODE = ['\u202ertl-override', '\u200fRTL mark', '\u0000', 'a\u0000b', '\ud800', '\udfff lone', '😀🚀', 'e\u0301', '\u200b', '\ufeff', 'ＦＵＬＬ', 'İı', '\u0085', '\u2028', '\u001b[31mred\u001b[0m', '\u0007bell', '\u007f'];
const PATHS = ['../../etc/passwd', '/etc/passwd', '..', '../{outside}', '{outside}/victim.txt', 'C:\\Windows\\win.ini', '//server/share', '~/x', './ok/../../..'];
const PLACEHOLDERS = ['{sha}', '{ref}', '{version}', '{environment}', '{weight}', '{{sha}}', '{ sha }', '{SHA}'];
const ESCAPES = ['%0A::error::x', '%25', '%0D', '%3A%3Aerror%3A%3A', '\\u000a', '&#10;', '<script>alert(1)</script>', '| a | b |', '](http://evil)', '${{ secrets.TOKEN }}'];

/** A workflow command behind a line break, with something (maybe nothing) before it. */
export const injection = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('', 'v1', 'staging', ' '), fc.constantFrom(...BREAKS), fc.constantFrom(...WORKFLOW_COMMANDS), fc.constantFrom('', 'tail', '\n'))
    .map(([before, line, command, after]) => `${before}${line}${command}${after}`);

/** 10 kB and more of one thing, sometimes with a command buried at the end. */
export const huge = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 10_240, max: 40_000 }), fc.constantFrom('x', 'é', '😀', 'a/', ':', '\u202e'), fc.constantFrom('', '\n::error::after-huge'))
    .map(([length, unit, tail]) => unit.repeat(Math.ceil(length / unit.length)) + tail);

let canaries = { intruder: '/nonexistent/intruder', outside: '/nonexistent/outside' };
/** Where `{intruder}` and `{outside}` in hostile texts point: the sandbox's canary command and outside dir. */
export function setCanaries(paths: { intruder: string; outside: string }): void {
  canaries = paths;
}

/** Any of the hostile families, or random text (printable and binary), or a mix of them. */
export const hostileText = (): fc.Arbitrary<string> => hostileTemplate().map((text) => fillCanaries(text, canaries));

const hostileTemplate = (): fc.Arbitrary<string> => {
  const piece = fc.oneof(
    injection(),
    fc.constantFrom(...SHELL, ...DASH, ...UNICODE, ...PATHS, ...PLACEHOLDERS, ...ESCAPES),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    fc.constantFrom('', ' ', '\t', '\n'),
  );
  return fc.oneof(
    { weight: 6, arbitrary: piece },
    { weight: 3, arbitrary: fc.array(piece, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: huge() },
  );
};

/** A single-line text input (environment, version, ref, names): control characters must be refused. */
export function singleLine(valid: string[], options: { maxLength?: number; refuseLeadingDash?: boolean } = {}): fc.Arbitrary<Candidate> {
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...valid) }, { weight: 5, arbitrary: hostileText() }).map((value) => {
    const trimmed = value.trim();
    if (hasControlCharacter(value)) return refuse('a control character in a single-line input')(value);
    if (options.maxLength !== undefined && trimmed.length > options.maxLength) return refuse(`longer than ${options.maxLength} characters`)(value);
    if (options.refuseLeadingDash && trimmed.startsWith('-')) return refuse('a ref starting with -')(value);
    return ok(value);
  });
}

/** A multi-line/list text input: anything goes, except that the outcome must still be clean. */
export const freeText = (valid: string[]): fc.Arbitrary<Candidate> =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...valid) }, { weight: 5, arbitrary: hostileText() }).map(ok);

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Durations: valid ones within `maxValidMs` (so a case never waits long), huge ones past the
 * timer limit, negative, garbage and unit typos.
 */
export function duration(options: { maxValidMs: number; zero?: 'ok' | 'refuse'; timer?: boolean }): fc.Arbitrary<Candidate> {
  // A duration that is only compared (min-soak, max-age), not waited, may be as long as it likes.
  const tooLongForTimer = (text: string) => (options.timer === false ? ok(text) : refuse(`a duration above 2^31-1 ms (${text})`)(text));
  const valid = fc
    .tuple(fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[])), fc.integer({ min: 0, max: 1000 }))
    .filter(([unit, n]) => n * UNITS[unit] <= options.maxValidMs && n > 0)
    .map(([unit, n]) => ok(`${n}${unit}`));
  const tooLong = fc
    .constantFrom('600h', '2000h', '596h31m24s', '24856h', '99999999999h', '1e9h', '9007199254740993ms', `${MAX_TIMER_MS + 1}ms`, '2147483648ms', '35792m', '100000000000000000000000s')
    .map((text) => {
      const ms = parseDurationOracle(text);
      return ms !== undefined && ms > MAX_TIMER_MS ? tooLongForTimer(text) : refuse('not a duration')(text);
    });
  const garbage = fc
    .constantFrom('-5m', '-1ms', '-0', 'abc', '5 minutes', '5M', '1e3s', 'NaN', 'Infinity', '1d', '1w', '30', '3O s', '1h-5m', '0x10s', '٣s', '1.2.3s', 'ms', '5mm')
    .map(refuse('not a duration'));
  const zero = fc.constant('0').map(options.zero === 'refuse' ? refuse('a zero duration where zero makes no sense') : ok);
  // Hostile text as a duration: refused unless it happens to be one.
  const hostile = hostileText().map((text) => {
    const ms = parseDurationOracle(text);
    if (ms === undefined) return refuse('not a duration')(text);
    return ms > MAX_TIMER_MS ? tooLongForTimer(text) : ok(text);
  });
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 2, arbitrary: tooLong }, { weight: 2, arbitrary: garbage }, { weight: 1, arbitrary: zero }, { weight: 2, arbitrary: hostile });
}

/** An independent reading of the contract's duration syntax (`250ms`, `30s`, `5m`, `1h`, `1h30m`, `0`). */
export function parseDurationOracle(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(n) * UNITS[unit as keyof typeof UNITS];
  return total;
}

/** Whole numbers: small valid ones (the burst stays short), then out of range and garbage. */
export function wholeNumber(min: number, max: number, maxValidUsed: number): fc.Arbitrary<Candidate> {
  const valid = fc.integer({ min, max: Math.min(max, maxValidUsed) }).map((n) => ok(String(n)));
  const invalid = fc
    .constantFrom('-1', String(max + 1), '1e3', '0x10', '1.5', '+5', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999', '١٢', '1_000', '5 requests', '')
    .filter((text) => text !== '' || min > 0)
    .map((text) => (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? ok(text) : refuse('not a whole number in range')(text)));
  const below = min > 0 ? fc.constant(String(min - 1)).map(refuse('below the minimum')) : fc.constant('-0').map(refuse('not a whole number'));
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 3, arbitrary: invalid }, { weight: 1, arbitrary: below }, { weight: 2, arbitrary: hostileText().map((t) => (/^\s*\d+\s*$/.test(t) && Number(t) >= min && Number(t) <= max ? ok(t) : refuse('not a whole number')(t))) });
}

/** One of a fixed set of words, or anything else (refused). */
export const choice = (words: string[]): fc.Arbitrary<Candidate> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...words) }, { weight: 2, arbitrary: hostileText() }, { weight: 1, arbitrary: fc.constantFrom(...words.map((w) => w.toUpperCase()), ...words.map((w) => `${w}\n::error::x`)) }).map((value) =>
    // Case is the product's choice (TREE may or may not mean tree); anything else must be refused.
    words.includes(value.trim().toLowerCase()) ? ok(value) : refuse(`not one of ${words.join(', ')}`)(value),
  );

/** `true`/`false` in the accepted spellings, and everything that is neither. */
export const boolean = (): fc.Arbitrary<Candidate> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('true', 'false', 'True', 'FALSE').map(ok) },
    { weight: 2, arbitrary: fc.constantFrom('yes', 'no', '1', '0', 'on', 'tru', 'true\n::error::x', 'false; {intruder}', 'null').map(refuse('not true or false')) },
    {
      weight: 1,
      arbitrary: hostileText().map((t) => (['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(t.trim()) ? ok(t) : refuse('not true or false')(t))),
    },
  );

/** Fills `{intruder}` and `{outside}` in hostile texts with this run's canary paths. */
export function fillCanaries(text: string, canaries: { intruder: string; outside: string }): string {
  return text.replaceAll('{intruder}', canaries.intruder).replaceAll('{outside}', canaries.outside);
}

/** A distinctive secret, so finding it anywhere is a leak and not a coincidence. */
export const secretMarker = (): fc.Arbitrary<string> => fc.stringMatching(/^[A-Za-z0-9]{14}$/).map((s) => `Zq9${s}`);

/** The printable form of a counterexample: every value JSON-quoted (NUL, newlines, surrogates visible). */
export function printable(values: Record<string, unknown>): string {
  return JSON.stringify(values, (_key, value: unknown) => (typeof value === 'string' && value.length > 300 ? `${value.slice(0, 120)}…(${value.length} chars)…${value.slice(-60)}` : value), 1);
}
