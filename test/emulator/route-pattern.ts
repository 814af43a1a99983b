/**
 * Route patterns in Octokit's own spelling, so a test can copy them from its client code:
 * `"POST /repos/{owner}/{repo}/deployments"`, or a bare path to match any method. A RegExp
 * is tested against `"METHOD /path"`. Placeholders, `{name}` or Express-style `:name`,
 * match exactly one path segment.
 */
export type RoutePattern = string | RegExp;

/** Returns the decoded placeholder values when the request matches, else undefined. */
export type RouteMatcher = (method: string, path: string) => Record<string, string> | undefined;

export function compileRoutePattern(pattern: RoutePattern): RouteMatcher {
  if (pattern instanceof RegExp) {
    return (method, path) => (pattern.test(`${method} ${path}`) ? {} : undefined);
  }
  const spaceAt = pattern.indexOf(' ');
  const expectedMethod = spaceAt === -1 ? undefined : pattern.slice(0, spaceAt).toUpperCase();
  const expectedSegments = splitPath(spaceAt === -1 ? pattern : pattern.slice(spaceAt + 1));
  return (method, path) => {
    if (expectedMethod !== undefined && expectedMethod !== method.toUpperCase()) return undefined;
    const segments = splitPath(path);
    if (segments.length !== expectedSegments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, expected] of expectedSegments.entries()) {
      const actual = segments[index] ?? '';
      const placeholder = /^(?:\{(\w+)\}|:(\w+))$/.exec(expected);
      const name = placeholder?.[1] ?? placeholder?.[2];
      if (name !== undefined) {
        params[name] = safeDecode(actual);
      } else if (expected !== actual) {
        return undefined;
      }
    }
    return params;
  };
}

function splitPath(path: string): string[] {
  return path.split('?')[0]!.split('/').filter((segment) => segment !== '');
}

/** A malformed escape is left as typed rather than crashing the server. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
