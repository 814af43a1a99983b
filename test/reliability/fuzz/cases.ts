import fc from 'fast-check';
import { actionInputDefaults, inputCoverage } from './action-inputs';
import { hasControlCharacter, hostileText, type Candidate } from './hostile';

/** Fixed, distinctive secrets: finding one in an output channel is a leak, never a coincidence. */
export const SECRETS = {
  token: 'Zq9tokenSECRET7731',
  urlPassword: 'Zq9urlPASSWORD4410',
  headerValue: 'Zq9headerVALUE2286',
  bearer: 'Zq9bearerCRED9043',
} as const;
export const ALL_SECRETS = Object.values(SECRETS);

/** Per action, the inputs of its action.yml that no generator covers (and generators for inputs it does not declare). */
export const generatorCoverage = new Map<string, { missing: string[]; unknown: string[] }>();

/**
 * A case: every input actions/<action>/action.yml declares, each either at its baseline (the
 * suite's `baseline` value, else action.yml's default, as the runner passes it) or, for up to
 * `maxPerturbed` inputs, a generated value; fewer perturbed inputs shrink to simpler cases, and
 * cases with none keep successes in the mix. The input names come from action.yml itself, so an
 * input added there is never left out (it stays at its default until it has a generator, and
 * the suite's coverage test names it).
 */
export function actionCase(
  action: string,
  generated: Record<string, fc.Arbitrary<Candidate>>,
  options: { baseline?: Record<string, string>; maxPerturbed?: number } = {},
): fc.Arbitrary<Record<string, Candidate>> {
  const defaults = actionInputDefaults(action, process.env as Record<string, string>);
  const names = Object.keys(defaults);
  const baseline = { ...defaults, ...options.baseline };
  const coverage = inputCoverage(action, Object.keys(generated));
  const strayBaseline = inputCoverage(action, Object.keys(options.baseline ?? {})).unknown;
  generatorCoverage.set(action, { missing: coverage.missing, unknown: [...new Set([...coverage.unknown, ...strayBaseline])] });
  const perturbable = names.filter((name) => generated[name] !== undefined);
  return fc
    .record({ perturb: fc.subarray(perturbable, { maxLength: options.maxPerturbed ?? 3 }), values: fc.record(Object.fromEntries(perturbable.map((name) => [name, generated[name] as fc.Arbitrary<Candidate>]))) })
    .map(({ perturb, values }) => Object.fromEntries(names.map((name) => [name, perturb.includes(name) ? (values[name] as Candidate) : { value: baseline[name] as string }])));
}

/** github-token: the job's token, empty, or wrapped in hostile text. */
export const token = (): fc.Arbitrary<Candidate> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant({ value: `ghs_${SECRETS.token}` }) },
    { weight: 1, arbitrary: fc.constantFrom('', '  ').map((value) => ({ value, mustRefuse: 'an empty token inside Actions' })) },
    {
      weight: 4,
      arbitrary: fc.tuple(hostileText(), fc.boolean()).map(([text, before]) => {
        const value = before ? `${text}ghs_${SECRETS.token}` : `ghs_${SECRETS.token}${text}`;
        return hasControlCharacter(value) ? { value, mustRefuse: 'a control character in the token' } : { value };
      }),
    },
  );

/**
 * An http(s) URL input: good ones (`valid`), one with `user:password@`, other schemes, and
 * hostile text; refused unless it is an http(s) URL without credentials and control characters.
 */
export const urlInput = (valid: string[], host: string): fc.Arbitrary<Candidate> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(`http://user:${SECRETS.urlPassword}@${host}/`, `https://${SECRETS.urlPassword}@${host}/x`, `http://admin:${SECRETS.urlPassword}@${host}/health`) },
    { weight: 1, arbitrary: fc.constantFrom('ftp://127.0.0.1/', 'javascript:alert(1)', 'file:///etc/passwd', 'http://', 'http://[::1', '127.0.0.1:8080', '//127.0.0.1/x', 'data:text/plain,hi') },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...valid), hostileText()).map(([url, text]) => `${url}${text}`) },
    { weight: 2, arbitrary: hostileText() },
  ).map((value) => {
    const why = urlProblem(value);
    return why ? { value, mustRefuse: why } : { value };
  });

/** Why a URL input must be refused, judged independently of shipgate's own parser. */
export function urlProblem(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (hasControlCharacter(value)) return 'a control character in a URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not http(s)';
  if (url.username !== '' || url.password !== '') return 'user:password@ in a URL';
  return undefined;
}
