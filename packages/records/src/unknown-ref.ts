import { ShipgateError } from '@shipgate/core';
import type { DeploymentRecords } from './types';

/**
 * A ref that names no commit (resolveCommit, commitHistory). The records cannot know which
 * input the ref came from, so the action says it once with refsFromInput; without that (the
 * CLI, a ref computed by shipgate itself) the message still names the ref.
 */
export class UnknownRefError extends ShipgateError {
  constructor(
    readonly ref: string,
    /** Why, after the ref: "was not found in acme/app". */
    readonly problem: string,
  ) {
    super(`ref '${ref}' ${problem}`);
    this.name = 'UnknownRefError';
  }
}

/**
 * A ref that would change the API path it is put in: `.` and `..` are URL dot segments
 * (`/commits/..` is the repository itself, `/commits/.` the commit list), never a git ref.
 */
export function refusePathRef(ref: string): void {
  if (ref === '.' || ref === '..') throw new UnknownRefError(ref, "is not a branch, tag or sha (git refs are never '.' or '..')");
}

/**
 * The records an action uses, with every unknown ref reported against `input`, the one input
 * refs come from in that action (`sha`, `ref`, `to`), so the user sees which value to fix:
 * "Input 'sha' must name a commit: ref '!' was not found in acme/app".
 */
export function refsFromInput(records: DeploymentRecords, input: string): DeploymentRecords {
  const naming = async <T>(resolve: () => Promise<T>): Promise<T> => {
    try {
      return await resolve();
    } catch (error) {
      if (error instanceof UnknownRefError) throw new ShipgateError(`must name a commit (a branch, tag or sha): ${error.message}`, input);
      throw error;
    }
  };
  return new Proxy(records, {
    get(target, property, receiver) {
      if (property === 'resolveCommit') return (ref: string) => naming(() => target.resolveCommit(ref));
      if (property === 'commitHistory') return (ref: string, limit: number) => naming(() => target.commitHistory(ref, limit));
      const value: unknown = Reflect.get(target, property, receiver);
      // Methods run on the records themselves (a class may keep private fields).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
