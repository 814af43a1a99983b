import type { CommitInfo, Deployment, DeploymentStatus } from '@shipgate/records';
import type { MatchedBy } from './staging-lookup';

/** A fact a check relied on, shown in the job summary (a deployment, a status, a commit…). */
export interface Evidence {
  label: string;
  text: string;
  /** A link a person can follow (a run's log, a smoke test's target URL); http(s) only. */
  href?: string;
}

export type CheckName =
  | 'branch-flow'
  | 'quarantine'
  | 'staging-match'
  | 'staging-success'
  | 'required-contexts'
  | 'max-age'
  | 'min-soak';

export interface GateCheck {
  name: CheckName;
  passed: boolean;
  /** One line a person can act on; the verdict's `reason` when this is the first failed check. */
  detail: string;
  evidence: Evidence[];
}

export interface GateVerdict {
  validated: boolean;
  /** The commit being promoted. */
  commit: CommitInfo;
  /**
   * The source-environment deployment of the same code, when one was found (it vouches only
   * when `validated`), how it matched, and the tree git reports for both commits.
   */
  staging?: { deployment: Deployment; success?: DeploymentStatus; matchedBy: MatchedBy; tree?: string };
  /** One line: why it was refused (the first failed check), or what proved it. */
  reason: string;
  /** Every check, in the order they decide the reason. */
  checks: GateCheck[];
}

/** What the workflow asked for (the action's inputs, resolved). */
export interface GatePolicy {
  /** The commit being promoted: a sha, branch or tag. */
  ref: string;
  sourceEnvironment: string;
  targetEnvironment: string;
  match: 'tree' | 'sha';
  /** Head-branch patterns allowed into the target on pull_request events. */
  allowedSources: string[];
  /** Commit statuses that must be `success` on the validated sha. */
  requiredContexts: string[];
  minSoakMs: number;
  maxAgeMs?: number;
  allowRolledBack: boolean;
  /** How many of the source environment's newest deployments are searched for the same tree (default 100). */
  searchDepth?: number;
}

/** The triggering event, as far as the gate cares. */
export interface GateEvent {
  name: string;
  /** Set on pull_request / pull_request_target events. */
  pullRequest?: {
    number?: number;
    headRef: string;
    headSha: string;
    baseRef: string;
    /** `owner/name` of the head and base repositories; they differ for a pull request from a fork. */
    headRepo?: string;
    baseRepo?: string;
    url?: string;
  };
}
