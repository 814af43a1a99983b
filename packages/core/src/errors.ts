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
    /** The file (and line) the mistake is in, e.g. a checks file: the error is annotated there. */
    readonly annotation?: FileAnnotation,
  ) {
    super(input ? `Input '${input}' ${message}` : message);
    this.name = 'ShipgateError';
  }
}

/**
 * A value the user passed is malformed (an input, a command line), found while reading the
 * inputs, before anything was created or changed. The CLI exits 2 for it, 1 for other failures.
 */
export class InputError extends ShipgateError {
  constructor(message: string, input?: string, annotation?: FileAnnotation) {
    super(message, input, annotation);
    this.name = 'InputError';
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

export function isShipgateError(error: unknown): error is ShipgateError {
  return error instanceof ShipgateError;
}

/** Where a user's mistake sits in the repository (a path relative to the workspace). */
export interface FileAnnotation {
  file: string;
  line?: number;
}

/**
 * Something outside shipgate failed: GitHub unreachable, answering 5xx, rate-limiting or
 * refusing the token. Not a bug, so it is reported like a user mistake, as one line saying
 * what failed, what to do, and how long was spent — never with a stack.
 */
export class OutsideFailure extends ShipgateError {
  constructor(message: string, input?: string) {
    super(message, input);
    this.name = 'OutsideFailure';
  }
}
