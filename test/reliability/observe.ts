import type { TestContext } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** What was injected into the action, in a phrase (docs/reliability.md's "injected" column). */
    injected?: string;
    /** What the user saw, in a phrase (the "observed" column). */
    observed?: string;
  }
}

/**
 * Records a reliability scenario's facts on the running test, for the report in
 * docs/reliability.md: what was injected and what a user would have seen. Call it with what
 * the test actually observed (the error line, the final deployment state), not a constant.
 */
export function observe(context: Pick<TestContext, 'task'>, facts: { injected?: string; observed?: string }): void {
  if (facts.injected !== undefined) context.task.meta.injected = facts.injected;
  if (facts.observed !== undefined) context.task.meta.observed = facts.observed;
}
