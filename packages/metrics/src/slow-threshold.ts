import { parseDuration, ShipgateError, type InputSource } from '@shipgate/core';

/** `slow-threshold` in milliseconds (e.g. `250ms`), or undefined when not set. */
export function slowThreshold(inputs: InputSource): number | undefined {
  const text = inputs('slow-threshold');
  if (text === '') return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new ShipgateError(`must be a latency above zero like 250ms or 1.5s; got '${text.slice(0, 40)}'`, 'slow-threshold');
  return ms;
}
