const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses the `headers` input: one `Name: value` per line. The problem, when there is one,
 * names the line number and never repeats the value (header values are usually secrets).
 */
export function parseHeaderLines(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) return `line ${index + 1} must be 'Name: value' with a valid header name`;
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Header maps merged case-insensitively; later maps win (a check's own headers over the input's). */
export function mergeHeaders(...maps: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const map of maps) for (const [name, value] of Object.entries(map ?? {})) merged.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(merged.values());
}
