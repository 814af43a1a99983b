/**
 * A mistake the user can fix (a bad input, a missing prerequisite, a refused gate).
 * The action wrapper prints it as one `::error::` line with no stack; anything that is not a
 * ShipgateError is a bug in shipgate and is shown with its stack.
 */
export class ShipgateError extends Error {
  constructor(
    message: string,
    /** The input that was wrong, when there is one; used to prefix the message. */
    readonly input?: string,
  ) {
    super(input ? `Input '${input}' ${message}` : message);
    this.name = 'ShipgateError';
  }
}

export function isShipgateError(error: unknown): error is ShipgateError {
  return error instanceof ShipgateError;
}
