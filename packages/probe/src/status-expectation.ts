/**
 * What status a check accepts: one code (`200`), a list (`[200, 204]`) or a class (`2xx`).
 * Kept as data so the report and the summary can say what was expected.
 */
export type StatusExpectation = number | readonly number[] | `${1 | 2 | 3 | 4 | 5}xx`;

export const STATUS_CLASS = /^[1-5]xx$/;

export function statusMatches(expected: StatusExpectation, actual: number): boolean {
  if (typeof expected === 'number') return actual === expected;
  if (typeof expected === 'string') return Math.floor(actual / 100) === Number(expected[0]);
  return expected.includes(actual);
}

export function describeStatus(expected: StatusExpectation): string {
  if (typeof expected === 'number' || typeof expected === 'string') return String(expected);
  return expected.join(' or ');
}
