import { ShipgateError, formatDuration } from '@shipgate/core';
import { blueGreenSteps, parseSteps, type CanarySettings } from '@shipgate/canary';
import type { CanaryStepInputs } from './inputs';

/** The rollout canary-step's inputs describe; each mistake is one ShipgateError naming the input. */
export function canarySettings(inputs: CanaryStepInputs, logUrl?: string): CanarySettings {
  if (inputs.interval <= 0) throw new ShipgateError('must be a duration above 0, e.g. 5m', 'interval');
  const blueGreen = inputs.strategy === 'blue-green';
  // blue-green has its own two steps (check at 0 %, then 100 %), each judged for `interval`.
  const steps = blueGreen ? blueGreenSteps(inputs.interval) : parseSteps(inputs.steps, inputs.interval);
  if (!blueGreen && !steps.some((step) => step.weight < 100)) {
    throw new ShipgateError(`(${inputs.steps.slice(0, 40)}) must have at least one weight below 100, e.g. 10,50,100: each step below 100 is judged before the canary takes all traffic`, 'steps');
  }
  const maxWait = inputs['max-step-wait'];
  const longest = Math.max(...steps.map((step) => step.pauseMs));
  if (maxWait !== undefined && maxWait < longest) {
    throw new ShipgateError(`(${formatDuration(maxWait)}) must be at least the longest step's pause (${formatDuration(longest)}): a step ends only after its pause`, 'max-step-wait');
  }
  if (!inputs.start && inputs.mode !== 'advance') throw new ShipgateError("'false' works only with mode: advance (mode: run always starts the canary it runs)", 'start');
  if (blueGreen && inputs.mode === 'advance') throw new ShipgateError("'blue-green' runs in mode: run (its check at 0 % needs this job's probes)", 'strategy');
  return {
    environment: inputs.environment,
    sha: inputs.sha,
    steps,
    minRequests: inputs['min-requests'],
    compareBaseline: inputs['compare-baseline'],
    judge: {
      alpha: inputs.alpha,
      maxErrorRate: inputs['max-error-rate'],
      ...(inputs['max-p99'] === undefined ? {} : { maxP99Ms: inputs['max-p99'] }),
    },
    harmMargin: inputs['harm-margin'],
    onFailure: inputs['on-failure'],
    onNoData: inputs['on-no-data'],
    strategy: inputs.strategy,
    scaleDownDelayMs: inputs['scale-down-delay'],
    ...(maxWait === undefined ? {} : { maxStepWaitMs: maxWait }),
    ...(logUrl ? { logUrl } : {}),
  };
}
