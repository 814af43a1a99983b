import { readFile } from 'node:fs/promises';
import { LINE_LIMITS, lineProblem, ShipgateError, type LineLimits } from '@shipgate/core';
import type { GateEvent } from './types';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

interface PullRequestPayload {
  pull_request?: {
    number?: number;
    html_url?: string;
    head?: { ref?: string; sha?: string; repo?: { full_name?: string } | null };
    base?: { ref?: string; repo?: { full_name?: string } | null };
  };
}

/**
 * The triggering event as the runner describes it: GITHUB_EVENT_NAME and the webhook payload
 * in the file at GITHUB_EVENT_PATH. Only pull request events carry what the gate needs
 * (head and base branches, head sha); for any other event the name is enough.
 */
export async function readGateEvent(eventName: string | undefined, eventPath: string | undefined): Promise<GateEvent> {
  const name = eventName ?? 'push';
  if (!PULL_REQUEST_EVENTS.has(name)) return { name };
  if (!eventPath) throw new ShipgateError(`the ${name} event has no payload: GITHUB_EVENT_PATH is not set`);
  let payload: PullRequestPayload | null;
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8')) as PullRequestPayload | null;
  } catch (error) {
    // Only the kind of failure: JSON.parse's message quotes the file's text.
    const why = error instanceof SyntaxError ? 'it is not valid JSON' : ((error as NodeJS.ErrnoException).code ?? 'it cannot be read');
    throw new ShipgateError(`cannot read the ${name} event payload at ${eventPath}: ${why}`);
  }
  const pr = typeof payload === 'object' && payload !== null ? payload.pull_request : undefined;
  // Branch names come from whoever opened the pull request: one-line strings or nothing.
  const text = (value: unknown, limits: LineLimits = LINE_LIMITS.name) => (typeof value === 'string' && value !== '' && !lineProblem(value, limits) ? value : undefined);
  const headRef = text(pr?.head?.ref);
  const headSha = text(pr?.head?.sha, LINE_LIMITS.ref);
  const baseRef = text(pr?.base?.ref);
  if (!pr || !headRef || !headSha || !baseRef) {
    throw new ShipgateError(`the ${name} event payload at ${eventPath} has no pull_request.head.ref/sha or base.ref (each one line of text)`);
  }
  return {
    name,
    pullRequest: {
      number: typeof pr.number === 'number' ? pr.number : undefined,
      headRef,
      headSha,
      baseRef,
      headRepo: text(pr.head?.repo?.full_name),
      baseRepo: text(pr.base?.repo?.full_name),
      url: text(pr.html_url, { max: 2_048 }),
    },
  };
}
