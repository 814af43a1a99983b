export { type Counts, type Poll, type EventFamily, eventFamilies } from './counts';
export { createJudge, validateCounts, type Judge, type JudgeOptions, type Judgement, type Verdict, type FamilyEvidence } from './judge';
export { SequentialHarmTest, defaultHarmRatios, eventShare, pollLogLikelihoodRatio, logMeanExp, type HarmEvidence } from './harm-test';
export { DispersionEstimate, chiSquareQuantile } from './dispersion';
export { brokenThreshold, type ThresholdOptions } from './threshold-rules';
export { parseJudgeArgs, parsePollLine, judgeStream, type JudgeCliOptions } from './judge-cli';
