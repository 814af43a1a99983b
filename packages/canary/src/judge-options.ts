import type { JudgeOptions } from '@shipgate/analysis';
import type { CanarySettings } from './rollout-types';

/**
 * The judge's options for this rollout. MERGE POINT (lead): when @shipgate/analysis's
 * JudgeOptions gains `harmMargin`, pass `settings.harmMargin` here — it is parsed and
 * validated from the `harm-margin` input already and is the only place that needs the line.
 */
export function judgeOptions(settings: Pick<CanarySettings, 'judge' | 'minRequests' | 'harmMargin'>): JudgeOptions {
  return { ...settings.judge, minRequests: settings.minRequests };
}
