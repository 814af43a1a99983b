import { ShipgateError, type InputSource } from '@shipgate/core';

/** Moves a share of real traffic to the canary, and says what share is in force. */
export interface TrafficRouter {
  /** The `router` input value that chose it, e.g. `nginx`. */
  readonly name: string;
  /**
   * Sends `canaryPercent` % of traffic (a whole number 0–100) to the canary and the rest to
   * stable; resolves once the router has accepted it. On failure it throws a ShipgateError
   * that says which weight is still in force, and leaves that weight in place.
   */
  setWeight(canaryPercent: number): Promise<void>;
  /** The canary's share in force, read back from the router; undefined when it cannot tell. */
  getWeight(): Promise<number | undefined>;
}

/** What every router may use besides its own inputs. */
export interface RouterContext {
  /** Bound on each command or socket call a router makes. */
  timeoutMs: number;
  /** Progress lines ("nginx: weight 25% (canary 1, stable 3), reloaded"). */
  log: (line: string) => void;
  /** Where commands' own output goes; defaults to this process's. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** One router kind: adding a router is one file exporting this plus one line in routers.ts. */
export interface RouterDefinition {
  name: string;
  /** canary-step inputs this router reads (for docs and for "unused input" warnings). */
  inputs: readonly string[];
  /** Validates the inputs (each mistake one ShipgateError naming the input) and builds the router. */
  create(inputs: InputSource, context: RouterContext): TrafficRouter;
}

/** A canary weight is a whole percentage: routers' own weights (nginx, HAProxy) are integers. */
export function checkWeight(canaryPercent: number): number {
  if (!Number.isInteger(canaryPercent) || canaryPercent < 0 || canaryPercent > 100) {
    throw new ShipgateError(`expects canary weights that are whole numbers from 0 to 100; got ${canaryPercent}`, 'steps');
  }
  return canaryPercent;
}

/** The line a failed setWeight ends with, so the user knows what traffic is doing now. */
export function stillInForce(previous: number | undefined): string {
  return previous === undefined
    ? 'the previous weight is still in force (shipgate could not read it back)'
    : `the previous weight (${previous}% canary) is still in force`;
}
