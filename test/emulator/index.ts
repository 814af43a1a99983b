/**
 * A local GitHub REST API for integration tests: the endpoints shipgate uses (deployments,
 * deployment statuses, commit statuses, commits, pulls), with GitHub's semantics, plus
 * hooks to seed history, inject failures and count requests. See emulator.test.ts.
 */
export { Emulator, startEmulator } from './emulator';
export type {
  CommitStatusJson,
  DeploymentJson,
  DeploymentStatusJson,
  EmulatorOptions,
  NewCommit,
  NewPull,
  SeededCommitStatus,
  SeededDeployment,
  SeededStatus,
} from './emulator';
export type { FailureOptions, FaultMode } from './fault-injection';
export type { LoggedRequest, RequestFilter } from './request-log';
export type { RoutePattern } from './route-pattern';
export type { CommitState, DeploymentState } from './store';
