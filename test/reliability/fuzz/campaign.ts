import fc from 'fast-check';
import { printable } from './hostile';
import { Tally, type Classification } from './properties';

/** The properties every generated case is held to (issue 8, item 6), each a test of its own. */
export const PROPERTIES = {
  'never a bug (a non-ShipgateError, a hang or a step slower than its bound) for user input': /^(a bug|took)/,
  'every error is a ShipgateError naming the input': /^a ShipgateError that names no input/,
  'a value that must be refused is refused, and nothing is changed': /^(accepted|changed GitHub|ran the deploy command on bad input)/,
  'nothing in the log starts a workflow command': /^log line would run/,
  'no secret and no outside file content in any output channel': /^(secret|content of a file outside)/,
  'no command the user did not write, nothing written outside the workspace': /^(ran a command the user did not write|ran argv|wrote outside)/,
  "the user's command gets no INPUT_* value and no secret in its environment": /^the command saw/,
  "GitHub's limits kept (lengths, control characters, 1 MiB summary)": /^(sent GitHub|job summary of)/,
} as const;
export type PropertyName = keyof typeof PROPERTIES;

export interface Judged {
  kind: Classification;
  violations: string[];
  durationMs: number;
  /** The case held a value that must be refused. */
  mustRefuse: boolean;
  /** The values a failing case printed with (JSON-quoted, so control characters are visible). */
  shown: Record<string, unknown>;
}

export interface CampaignOptions<Case> {
  arbitrary: fc.Arbitrary<Case>;
  /** Runs one case and judges it. */
  judge: (value: Case) => Promise<Judged>;
  numRuns: number;
  seed: number;
  /** Names the run in the line it prints. */
  label: string;
  /** Stop generating after this long (the suite must fit CI's 5 minutes); the budget test then fails. */
  budgetMs: number;
}

/**
 * Runs `numRuns` generated cases once (fast-check), judging each against every property, so
 * the counts in docs/reliability.md come from one real run; then each property's test shrinks
 * its own first failure (replaying that case by seed and path) to a small counterexample.
 */
export class Campaign<Case> {
  readonly tally = new Tally();
  private readonly firstFailure = new Map<PropertyName, { index: number; violation: string; shown: Record<string, unknown> }>();
  private readonly failures = new Map<PropertyName, number>();
  wallMs = 0;

  constructor(private readonly options: CampaignOptions<Case>) {}

  async run(): Promise<void> {
    const started = performance.now();
    let index = 0;
    const details = await fc.check(
      fc.asyncProperty(this.options.arbitrary, async (value) => {
        const judged = await this.options.judge(value);
        this.tally.add(judged.kind, judged.violations, judged.mustRefuse, judged.durationMs);
        if (process.env.FUZZ_TRACE) console.error(index, judged.kind, Math.round(judged.durationMs), judged.violations.slice(0, 2), String(judged.shown.outcome ?? '').slice(0, 160));
        for (const [name, pattern] of Object.entries(PROPERTIES) as [PropertyName, RegExp][]) {
          const violation = judged.violations.find((v) => pattern.test(v));
          if (violation) this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
          if (violation && !this.firstFailure.has(name)) this.firstFailure.set(name, { index, violation, shown: judged.shown });
        }
        index += 1;
        return true;
      }),
      { numRuns: this.options.numRuns, seed: this.options.seed, interruptAfterTimeLimit: this.options.budgetMs, markInterruptAsFailure: false },
    );
    this.wallMs = performance.now() - started;
    console.info(`fuzz ${this.options.label}: ${this.tally.describe()}; ${Math.round(this.wallMs / 1000)} s`);
    if (details.errorInstance) throw details.errorInstance;
  }

  /** For a property's test: undefined when every case held it, else a readable failure with a shrunk counterexample. */
  async counterexample(name: PropertyName, shrinkMs = 6_000): Promise<string | undefined> {
    const first = this.firstFailure.get(name);
    if (!first) return undefined;
    const pattern = PROPERTIES[name];
    let shrunk: { violation: string; shown: Record<string, unknown> } | undefined;
    const details = await fc.check(
      fc.asyncProperty(this.options.arbitrary, async (value) => {
        const judged = await this.options.judge(value);
        const violation = judged.violations.find((v) => pattern.test(v));
        if (violation) shrunk = { violation, shown: judged.shown };
        return violation === undefined;
      }),
      { seed: this.options.seed, path: String(first.index), numRuns: 1, interruptAfterTimeLimit: shrinkMs, markInterruptAsFailure: false },
    );
    const best = details.failed && shrunk ? shrunk : first;
    const note = details.failed ? `shrunk in ${details.numShrinks} steps` : 'the first failing case (it did not fail again on replay)';
    return [
      `${this.failures.get(name) ?? 0} of ${this.tally.cases} cases violated "${name}".`,
      `Counterexample (${note}; seed ${this.options.seed}, path ${first.index}):`,
      `  violation: ${best.violation}`,
      `  case: ${printable(best.shown)}`,
    ].join('\n');
  }

}

/** Cases per action; FUZZ_RUNS overrides it for a quick local run (the suite's own figure is 1,000). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Wall-time budget of one file's generated run. */
export const FUZZ_BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 120_000);
/** A fixed seed keeps CI reproducible; FUZZ_SEED explores others. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261130);
