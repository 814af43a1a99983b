export { evaluateGate } from './evaluate-gate';
export { readGateEvent } from './gate-event';
export { gateSummary, checksOutput, type SummaryLinks } from './gate-summary';
export { branchPatternMatches, splitList } from './allowed-sources';
export { SOURCE_WINDOW, findStagingDeployment } from './staging-lookup';
export { TARGET_WINDOW, ROLLED_BACK_PREFIX } from './quarantine';
export type { GateCheck, GatePolicy, GateEvent, GateVerdict, Evidence, CheckName } from './types';
