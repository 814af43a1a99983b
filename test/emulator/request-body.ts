import { invalidRequest } from './http-error';

/**
 * Body field readers that reject what GitHub's JSON-schema check rejects, with its message
 * format, so a client bug shows up as the same 422 it would get from GitHub. `null` counts
 * as absent, as it does on GitHub for these optional fields.
 */

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined) throw invalidRequest(`"${field}" wasn't supplied.`);
  return value;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (typeof value !== 'string') throw notA(field, value, 'string');
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (typeof value !== 'boolean') throw notA(field, value, 'boolean');
  return value;
}

export function optionalStringArray(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value == null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw notA(field, value, 'array');
  return value;
}

export function requiredEnum<T extends string>(body: Record<string, unknown>, field: string, allowed: readonly T[]): T {
  const value = requiredString(body, field);
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not one of [${allowed.join(', ')}].`);
  }
  return value as T;
}

function notA(field: string, value: unknown, type: string) {
  return invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not a${type === 'array' ? 'n' : ''} ${type}.`);
}
