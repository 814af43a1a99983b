/**
 * Subset match of a JSON body: every key of `expected` must be in `actual` with a matching
 * value (recursively); arrays must match element by element. Returns the first mismatch as a
 * path and reason (`$.status: expected "ok", got "degraded"`), or undefined when it matches.
 */
export function jsonSubsetMismatch(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (const [index, item] of expected.entries()) {
      const mismatch = jsonSubsetMismatch(item, actual[index], `${path}[${index}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
  for (const [key, value] of Object.entries(expected)) {
    const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
    if (!(key in actual)) return `${childPath}: missing`;
    const mismatch = jsonSubsetMismatch(value, (actual as Record<string, unknown>)[key], childPath);
    if (mismatch) return mismatch;
  }
  return undefined;
}

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
