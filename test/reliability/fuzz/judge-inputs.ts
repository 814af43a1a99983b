import fc from 'fast-check';
import type { Judged } from './campaign';
import { ALL_SECRETS } from './cases';
import { boolean, hostileText, type Candidate } from './hostile';
import { runInProcess, type ActionMain } from './in-process';
import { classify, violations, type CaseFacts } from './properties';
import type { World } from './world';

/** Runs one case of `action` in-process and holds it to every property (an input error must name its input). */
export async function judgeInputs(action: string, inputs: Record<string, Candidate>, world: World, main: ActionMain, verdict: RegExp): Promise<Judged> {
  const values = Object.fromEntries(Object.entries(inputs).map(([k, c]) => [k, c.value]));
  const run = await runInProcess(action, main, { inputs: values, emulator: world.emulator });
  const facts: CaseFacts = { inputs, secrets: ALL_SECRETS, verdict };
  const found = violations(run, facts, world.sandbox, world.sandbox.takeCalls());
  return {
    kind: classify(run, facts).kind,
    violations: found,
    durationMs: run.durationMs,
    mustRefuse: Object.values(inputs).some((c) => c.mustRefuse !== undefined),
    shown: { inputs, outcome: run.outcome.kind === 'shipgate-error' ? run.outcome.message.slice(0, 300) : run.outcome.kind },
  };
}

/**
 * `dry-run` for an input-level fuzz: a spelling of true (so a case never moves traffic or runs a
 * command), or a value that is neither true nor false (refused before anything happens).
 */
export const dryRunOnly = (): fc.Arbitrary<Candidate> =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom('true', 'True', 'TRUE').map((value) => ({ value })) }, { weight: 1, arbitrary: boolean().filter((c) => c.mustRefuse !== undefined) });

/** A plain decimal within bounds (`0.05`, `1.1`); refused when it is anything else. */
export const decimal = (min: number, max: number, valid: string[]): fc.Arbitrary<Candidate> =>
  fc
    .oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, { weight: 2, arbitrary: fc.constantFrom('0', '-0.1', String(max * 2), '1e-2', '0x1', 'NaN', 'Infinity', '.5', '5%', '') }, { weight: 2, arbitrary: hostileText() })
    .map((value) => {
      const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
      // '' takes action.yml's default only when the workflow leaves the input out; given as '', it is refused or defaulted: the product's choice.
      if (value.trim() === '') return { value };
      return n >= min && n <= max ? { value } : { value, mustRefuse: `not a number from ${min} to ${max}` };
    });
