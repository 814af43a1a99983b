export { selectRollback, selectFailedDeployRollback, HISTORY_WINDOW, type RollbackSelection, type RollbackTarget, type TargetRequest } from './target';
export { executeRollback, type RollbackPlan, type RollbackHooks, type RollbackResult } from './rollback';
export { rollbackSummary, rollbackDryRun } from './rollback-summary';
export { parseRollbackSteps, rollbackStepsInput } from './rollback-steps';
export { closeLeftOpen, saveDeploymentHooks, type SavedDeployment, type SavedDeploymentKeys } from './left-open';
export { restoreAfterFailedDeploy, type FailedDeploy, type FailedDeployRestore } from './failed-deploy';
