import { runAction as runBundle } from '../../helpers/run-action';
import { runInProcess, type ActionMain, type CaseRun } from './in-process';
import type { World } from './world';

/** Numbers differ between two runs of one case (deployment ids, durations); the words must not. */
const normalise = (line: string) => line.replace(/\d+(\.\d+)?/g, 'N');

/**
 * Runs each case in-process and then as the committed bundle (node dist/<action>/index.js with
 * INPUT_* env, as the runner does), and lists where the two disagree: the exit code, and the
 * `::error::` line the runner would show. Proves the in-process fuzzing sees what a runner sees.
 */
export async function compareWithBundles(
  action: string,
  cases: { inputs: Record<string, string>; before?: () => void }[],
  options: { world: World; main: ActionMain; afterEach?: () => void },
): Promise<{ mismatches: string[]; summary: string }> {
  const mismatches: string[] = [];
  const tally = { success: 0, error: 0, bug: 0 };
  for (const { inputs, before } of cases) {
    before?.();
    const inProcess: CaseRun = await runInProcess(action, options.main, { inputs, emulator: options.world.emulator });
    options.afterEach?.();
    before?.();
    const bundle = await runBundle(action, { inputs, apiUrl: options.world.emulator.url, cwd: options.world.sandbox.workspace, env: options.world.runnerEnv });
    options.afterEach?.();
    const outcome = inProcess.outcome;
    // The runner's failure line is the last ::error:: (an injected one may come earlier; another property reports that).
    const errorLine = bundle.errors.at(-1);
    const shown = JSON.stringify(inputs).slice(0, 400);
    if (outcome.kind === 'success') {
      tally.success += 1;
      if (bundle.exitCode !== 0) mismatches.push(`in-process succeeded, the bundle exited ${bundle.exitCode} (${errorLine?.slice(0, 200)}) for ${shown}`);
    } else if (outcome.kind === 'shipgate-error') {
      tally.error += 1;
      if (bundle.exitCode !== 1) mismatches.push(`in-process failed with one error, the bundle exited ${bundle.exitCode} for ${shown}`);
      else if (normalise(errorLine ?? '') !== normalise(outcome.line)) {
        mismatches.push(`error lines differ: in-process ${JSON.stringify(outcome.line.slice(0, 200))}, bundle ${JSON.stringify((errorLine ?? '(none)').slice(0, 200))} for ${shown}`);
      }
    } else {
      tally.bug += 1;
      if (outcome.detail.includes('did not finish within')) continue;
      if (bundle.exitCode !== 1 || !errorLine?.includes('a bug in shipgate')) mismatches.push(`in-process was a bug, the bundle exited ${bundle.exitCode} with ${JSON.stringify(errorLine?.slice(0, 200))} for ${shown}`);
    }
  }
  return {
    mismatches,
    summary: `${cases.length} cases: ${tally.success} successes, ${tally.error} ShipgateErrors, ${tally.bug} bugs in-process; ${mismatches.length} differ from the bundle's exit code and ::error:: line`,
  };
}
