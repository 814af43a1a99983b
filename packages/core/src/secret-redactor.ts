import { escapeHtml } from './summary';

/**
 * Replaces every secret value in a text with `***`, as the runner's log masking does. The
 * runner masks only its log; the job summary, the JSON report and the commit status are
 * written by shipgate and must be cleaned here. A server echoing an Authorization header in
 * an error page must not leak it through a failure detail — nor its credential alone, nor the
 * JSON-, HTML- or URL-escaped spelling of it, nor the start of it where a long body was cut
 * (`...`) in a failure excerpt. `minLength` leaves values too short to be secrets (a one-character
 * value would mask every occurrence of that character).
 */
export function createRedactor(secrets: readonly string[], options: { minLength?: number } = {}): (text: string) => string {
  const minLength = Math.max(options.minLength ?? 1, 1);
  const values = [...new Set(secrets.filter((s) => s.length >= minLength))];
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
