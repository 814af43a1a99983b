import fc from 'fast-check';
import { hasControlCharacter, hostileText, type Candidate } from './hostile';

/** Fixed, distinctive secrets: finding one in an output channel is a leak, never a coincidence. */
export const SECRETS = {
  token: 'Zq9tokenSECRET7731',
  urlPassword: 'Zq9urlPASSWORD4410',
  headerValue: 'Zq9headerVALUE2286',
  bearer: 'Zq9bearerCRED9043',
} as const;
export const ALL_SECRETS = Object.values(SECRETS);

/**
 * A case: every input of an action, each either at a baseline that works or (for up to
 * `maxPerturbed` inputs) a generated value; fewer perturbed inputs shrink to simpler cases,
 * and cases with none keep successes in the mix.
 */
export function actionCase(baseline: Record<string, string>, generated: Record<string, fc.Arbitrary<Candidate>>, maxPerturbed = 3): fc.Arbitrary<Record<string, Candidate>> {
  const names = Object.keys(baseline);
  return fc
    .record({ perturb: fc.subarray(names, { maxLength: maxPerturbed }), values: fc.record(generated) })
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
