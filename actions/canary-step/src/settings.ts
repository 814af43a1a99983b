import { ShipgateError, formatDuration } from '@shipgate/core';
import { parseSteps, type CanarySettings } from '@shipgate/canary';
import type { CanaryStepInputs } from './inputs';

/** The rollout canary-step's inputs describe; each mistake is one ShipgateError naming the input. */
export function canarySettings(inputs: CanaryStepInputs, logUrl?: string): CanarySettings {
  const steps = parseSteps(inputs.steps, inputs.interval);
  if (inputs.interval <= 0) throw new ShipgateError('must be a duration above 0, e.g. 5m', 'interval');
  const maxWait = inputs['max-step-wait'];
  const longest = Math.max(...steps.map((step) => step.pauseMs));
  if (maxWait !== undefined && maxWait < longest) {
    throw new ShipgateError(`(${formatDuration(maxWait)}) must be at least the longest step's pause (${formatDuration(longest)}): a step ends only after its pause`, 'max-step-wait');
  }
  if (inputs.strategy === 'blue-green') throw new ShipgateError("'blue-green' is not available in this build yet; use strategy: canary", 'strategy');
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
    ...(maxWait === undefined ? {} : { maxStepWaitMs: maxWait }),
    ...(logUrl ? { logUrl } : {}),
  };
}
