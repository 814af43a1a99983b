import { createRedactor, type ActionIO } from '@shipgate/core';
import { buildMessage } from './message';
import { isIncident, type NotifyEvent } from './notify-event';
import { deliverMessage } from './webhook-delivery';

/** Longest a message may hold up the step, waiting for earlier messages to the same webhook and a retry included. */
export const NOTIFY_BUDGET_MS = 5_000;

export interface NotifyTargets {
  /** notify-webhook: every event. */
  webhook?: string;
  /** notify-failure-webhook: failures, stops and rollbacks, in addition to notify-webhook. */
  failureWebhook?: string;
}

/** An event as the action knows it; the notifier adds the repository and the run's link. */
export type ActionEvent = Omit<NotifyEvent, 'repository' | 'runUrl'>;

export interface Notifier {
  /**
   * Sends the event to its webhooks. Resolves once each has taken it or was given up, at most
   * NOTIFY_BUDGET_MS after the call; never rejects. Not awaiting it (a "started" message) lets
   * the deploy go on meanwhile: the next send to the same webhook waits for it, so messages
   * arrive in order, and `settle` waits for what is left.
   */
  send(event: ActionEvent): Promise<void>;
  /** Waits for every message still on its way (each within its own deadline). Call before the step ends. */
  settle(): Promise<void>;
}

interface Target {
  input: 'notify-webhook' | 'notify-failure-webhook';
  url: string;
  /** The last send to this webhook: the next one starts after it, so messages keep their order. */
  queue: Promise<void>;
  /** Set after a failed delivery: later messages of this step skip it (one warning, one delay). */
  down: boolean;
}

export interface NotifierOptions {
  warning: (message: string) => void;
  signal: AbortSignal;
  repository?: string;
  runUrl?: string;
  /** Default NOTIFY_BUDGET_MS; tests shorten it. */
  budgetMs?: number;
  /** Values never sent in a message (the GitHub token): a reason quoting one is masked. */
  secrets?: readonly string[];
}

/**
 * Sends deploy, canary and rollback messages to Slack-compatible webhooks at a bounded cost: a
 * webhook that is down, hangs or answers an error costs at most `budgetMs` per message and one
 * warning naming the input (never the URL), and never fails the step.
 */
export function createNotifier(targets: NotifyTargets, options: NotifierOptions): Notifier {
  const budgetMs = options.budgetMs ?? NOTIFY_BUDGET_MS;
  const redact = createRedactor([targets.webhook, targets.failureWebhook, ...(options.secrets ?? [])].filter((value): value is string => Boolean(value)), { minLength: 3 });
  const all: Target[] = [];
  if (targets.webhook) all.push({ input: 'notify-webhook', url: targets.webhook, queue: Promise.resolve(), down: false });
  // The same URL twice would post every incident twice to one channel.
  if (targets.failureWebhook && targets.failureWebhook !== targets.webhook) {
    all.push({ input: 'notify-failure-webhook', url: targets.failureWebhook, queue: Promise.resolve(), down: false });
  }

  const sendTo = (target: Target, event: NotifyEvent, deadline: number) => {
    const previous = target.queue;
    const delivery = (async () => {
      await previous;
      if (target.down || options.signal.aborted) return;
      if (performance.now() >= deadline) {
        target.down = true;
        options.warning(redact(`${target.input}: a message was not sent: the earlier one took its whole ${budgetMs / 1000} s; later messages of this step are not sent to this webhook`));
        return;
      }
      const result = await deliverMessage(target.url, buildMessage(event), { deadline, signal: options.signal });
      if (result.delivered || result.cancelled) return;
      target.down = true;
      options.warning(redact(`${target.input}: delivery failed: ${result.problem}; the step goes on, and later messages of this step are not sent to this webhook`));
    })().catch((error: unknown) => {
      // A bug here must not fail the deploy either; the message still never holds the URL.
      target.down = true;
      options.warning(redact(`${target.input}: delivery failed: ${error instanceof Error ? error.message : String(error)}`));
    });
    target.queue = delivery;
    return delivery;
  };

  return {
    send: async (action) => {
      if (all.length === 0) return;
      const event: NotifyEvent = { ...action, ...(action.reason === undefined ? {} : { reason: redact(action.reason) }), repository: options.repository, runUrl: options.runUrl };
      const deadline = performance.now() + budgetMs;
      const chosen = all.filter((target) => target.input === 'notify-webhook' || isIncident(event.kind));
      await Promise.all(chosen.map((target) => sendTo(target, event, deadline)));
    },
    settle: async () => {
      await Promise.all(all.map((target) => target.queue));
    },
  };
}

/**
 * The notifier of an action step: masks both URLs in the log first, and sends nothing on a dry run.
 */
export function actionNotifier(io: ActionIO, inputs: { 'notify-webhook'?: string; 'notify-failure-webhook'?: string; 'dry-run'?: boolean; 'github-token'?: string }, context: { owner?: string; repo?: string; runUrl?: string }): Notifier {
  const webhook = inputs['notify-webhook'];
  const failureWebhook = inputs['notify-failure-webhook'];
  if (webhook) io.setSecret(webhook);
  if (failureWebhook) io.setSecret(failureWebhook);
  const targets = inputs['dry-run'] ? {} : { webhook, failureWebhook };
  return createNotifier(targets, {
    warning: (message) => io.warning(message),
    signal: io.signal,
    repository: context.owner && context.repo ? `${context.owner}/${context.repo}` : undefined,
    runUrl: context.runUrl,
    secrets: inputs['github-token'] ? [inputs['github-token']] : [],
  });
}
