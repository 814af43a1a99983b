export { evaluateGate } from './evaluate-gate';
export { readGateEvent } from './gate-event';
export { gateSummary, checksOutput } from './gate-summary';
export { branchPatternMatches, splitList } from './allowed-sources';
export { DEFAULT_SEARCH_DEPTH, MAX_SEARCH_DEPTH, matchStagingDeployment, stagingTreeNeeds, type StagingLookup, type MatchedBy } from './staging-lookup';
export { HISTORY_DEPTH } from './evaluate-gate';
export { TARGET_WINDOW, ROLLED_BACK_PREFIX } from './quarantine';
export type { GateCheck, GatePolicy, GateEvent, GateVerdict, Evidence, CheckName } from './types';
