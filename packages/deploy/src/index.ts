export { deploy, resolveDeploy, type DeployPlan, type DeployResult, type DeployHooks, type ResolvedDeploy } from './deploy';
export { deploySummary, dryRunPlan } from './deploy-summary';
