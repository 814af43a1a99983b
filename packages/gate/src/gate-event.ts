import { readFile } from 'node:fs/promises';
import { ShipgateError } from '@shipgate/core';
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
  let payload: PullRequestPayload;
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8')) as PullRequestPayload;
  } catch (error) {
    throw new ShipgateError(`cannot read the ${name} event payload at ${eventPath}: ${(error as Error).message}`);
  }
  const pr = payload.pull_request;
  const headRef = pr?.head?.ref;
  const headSha = pr?.head?.sha;
  const baseRef = pr?.base?.ref;
  if (!headRef || !headSha || !baseRef) {
    throw new ShipgateError(`the ${name} event payload at ${eventPath} has no pull_request.head.ref/sha or base.ref`);
  }
  return {
    name,
    pullRequest: {
      number: pr.number,
      headRef,
      headSha,
      baseRef,
      headRepo: pr.head?.repo?.full_name ?? undefined,
      baseRepo: pr.base?.repo?.full_name ?? undefined,
      url: pr.html_url,
    },
  };
}
