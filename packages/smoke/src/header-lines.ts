const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// A header value may hold tabs but no other control character (HTTP refuses them; NUL, CR, LF split requests).
const BAD_VALUE_CHARACTER = /[\u0000-\u0008\u000A-\u001F\u007F]/;
// HTTP/1.1 header values are bytes; fetch refuses characters above U+00FF.
const NOT_LATIN1 = /[^\u0000-\u00FF]/;
/** Most bytes of the `headers` input: real header sets are a few hundred bytes. */
const MAX_HEADERS_BYTES = 64 * 1024;

/**
 * Parses the `headers` input: one `Name: value` per line. The problem, when there is one,
 * names the line number and never repeats the value (header values are usually secrets).
 */
export function parseHeaderLines(text: string): Record<string, string> | string {
  if (Buffer.byteLength(text) > MAX_HEADERS_BYTES) return `must be at most ${MAX_HEADERS_BYTES / 1024} KiB of 'Name: value' lines`;
  const headers: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) return `line ${index + 1} must be 'Name: value' with a valid header name`;
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE_CHARACTER.test(value)) return `line ${index + 1} (${name}) has a control character in its value; header values may hold tabs but no other control character`;
    if (NOT_LATIN1.test(value)) return `line ${index + 1} (${name}) has a character HTTP headers cannot carry (beyond Latin-1); encode the value`;
    headers[name] = value;
  }
  return headers;
}

/** Header maps merged case-insensitively; later maps win (a check's own headers over the input's). */
export function mergeHeaders(...maps: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const map of maps) for (const [name, value] of Object.entries(map ?? {})) merged.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(merged.values());
}
