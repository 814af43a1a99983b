export { createRedactor } from '@shipgate/core';

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
