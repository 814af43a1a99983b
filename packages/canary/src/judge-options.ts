import type { JudgeOptions } from '@shipgate/analysis';
import type { CanarySettings } from './rollout-types';

/** The judge's options for this rollout, from the canary-step inputs. */
export function judgeOptions(settings: Pick<CanarySettings, 'judge' | 'minRequests' | 'harmMargin'>): JudgeOptions {
  return { ...settings.judge, minRequests: settings.minRequests, harmMargin: settings.harmMargin };
}
