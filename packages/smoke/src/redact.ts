import { escapeHtml } from '@shipgate/core';

/**
 * Replaces every secret value in a text with `***`, as the runner's log masking does. The
 * runner masks only its log; the job summary, the JSON report and the commit status are
 * written by shipgate and must be cleaned here. A server echoing an Authorization header in
 * an error page must not leak it through a failure detail — nor its credential alone, nor the
 * JSON-, HTML- or URL-escaped spelling of it, nor the start of it where a long body was cut
 * (`...`) in a failure excerpt.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s !== ''))];
  if (values.length === 0) return (text) => text;
  const spellings = new Set<string>();
  for (const value of values) {
    spellings.add(value);
    spellings.add(JSON.stringify(value).slice(1, -1));
    spellings.add(escapeHtml(value));
    spellings.add(encodeURIComponent(value));
    spellings.add(value.replace(/\s+/g, ' '));
  }
  const sorted = [...spellings].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A body excerpt (at most 80 characters) cut inside a secret ends with its first 4+ characters
  // and `...`: `abcd(?:e(?:f…)?)?` followed by `...` matches every such prefix in one linear pass.
  const prefixPattern = (secret: string) => {
    const chars = [...secret.slice(0, 100)];
    const head = chars.slice(0, 4).map(escape).join('');
    return head + chars.slice(4, -1).reduceRight((rest, char) => `(?:${escape(char)}${rest})?`, '');
  };
  const cutSources = sorted.filter((s) => s.length >= 8).map(prefixPattern);
  const cut = cutSources.length > 0 ? new RegExp(`(?:${cutSources.join('|')})(?=\\.\\.\\.)`, 'g') : undefined;
  return (text) => {
    // Whole spellings by plain replacement, longest first: one alternation of them all would be a
    // regular expression as long as the secrets (a 60 kB header value is "too large" for V8, and
    // that SyntaxError would quote the secrets).
    const masked = sorted.reduce((current, spelling) => current.replaceAll(spelling, '***'), text);
    return cut ? masked.replace(cut, '***') : masked;
  };
}

/** Authorization schemes whose credential follows a space (RFC 9110 and common API keys). */
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate|ntlm|hoba|mutual|vapid|aws4-hmac-sha256|apikey|api-key|key|sso-key|splunk|dsn|otp)$/i;
const AUTH_HEADER = /^(?:proxy-)?authorization$/i;

/**
 * The values of `headers` to keep secret: each whole value and, after an auth scheme
 * (`Bearer abc`, `token abc`, `Basic dXNlcjpwdw==`), the credential alone — and for Basic the
 * decoded `user:password` and the password — since a server may echo any of them.
 */
export function headerSecrets(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === '') continue;
    secrets.push(value);
    const scheme = /^(\S+)\s+(\S[\s\S]*)$/.exec(value);
    if (!scheme || !(AUTH_SCHEME.test(scheme[1] as string) || AUTH_HEADER.test(name))) continue;
    const credential = scheme[2] as string;
    // Parts shorter than 4 characters would mask ordinary words everywhere; the whole value still is.
    if (credential.length < 4) continue;
    secrets.push(credential);
    if (/^basic$/i.test(scheme[1] as string)) {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0 && !/[\u0000-\u001F\uFFFD]/.test(decoded)) {
        secrets.push(decoded);
        if (decoded.length - colon - 1 >= 4) secrets.push(decoded.slice(colon + 1));
      }
    }
  }
  return secrets;
}

/** Header names whose values are credentials when they appear in a checks file. */
const SENSITIVE_HEADER = /auth|token|secret|key|cookie|session|password|signature|credential/i;

/**
 * The secrets of a checks file's request headers. Unlike the `headers` input (all masked),
 * a checks file also sets ordinary headers (`content-type`), so only credential-like names count.
 */
export function checksHeaderSecrets(checks: { checks: readonly { headers?: Record<string, string> }[] }): string[] {
  return checks.checks.flatMap((check) =>
    headerSecrets(Object.fromEntries(Object.entries(check.headers ?? {}).filter(([name]) => SENSITIVE_HEADER.test(name)))),
  );
}
