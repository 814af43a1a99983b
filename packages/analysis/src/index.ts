export { type Counts, type Poll, type EventFamily, eventFamilies } from './counts';
export { createJudge, validateCounts, alphaShares, defaultHarmMargin, type Judge, type JudgeOptions, type Judgement, type Verdict, type FamilyEvidence } from './judge';
export { SequentialHarmTest, defaultHarmRatios, eventShare, pollBet, pollLogEvidence, logMeanExp, logUniformGrid, type HarmEvidence, type HarmTestOptions, type PollRecord } from './harm-test';
export { brokenThreshold, type ThresholdOptions } from './threshold-rules';
export { parseJudgeArgs, parsePollLine, judgeStream, runJudgeCli, judgeUsage, type JudgeCliOptions, type CliStreams } from './judge-cli';
