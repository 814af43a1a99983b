import { createRedactor, type ActionIO } from '@shipgate/core';
import { buildMessage } from './message';
import { isIncident, type NotifyEvent } from './notify-event';
import { deliverMessage } from './webhook-delivery';

/**
 * What notifications may cost a step, all its messages together (waiting for an answer, the
 * retry and its pause included): the "delays a deploy by at most 5 s". Each webhook has
 * its own (they are sent to in parallel).
 */
export const NOTIFY_BUDGET_MS = 5_000;
/**
 * After the job is cancelled, the messages sent from then on (the "stopped" one) have this much of
 * their own, not tied to the cancel: the runner gives 7.5 s between SIGINT and SIGTERM, and the
 * action's own clean-up needs most of them.
 */
export const CANCEL_BUDGET_MS = 2_000;

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
   * Queues the event for its webhooks and returns at once with a promise that resolves once
   * each has taken it or was given up; never rejects. Do not await it before work that matters
   * (a restore, a traffic move): send, do the work, and `settle` at the end of the step. The next
   * send to the same webhook waits for the previous, so messages arrive in order.
   */
  send(event: ActionEvent): Promise<void>;
  /** Waits for every message still on its way (within the step's budget). Call before the step ends. */
  settle(): Promise<void>;
}

/** Time one webhook may still take, and how much it took. */
interface Budget {
  totalMs: number;
  spentMs: number;
}

interface Target {
  input: 'notify-webhook' | 'notify-failure-webhook';
  url: string;
  /** The last send to this webhook: the next one starts after it, so messages keep their order. */
  queue: Promise<void>;
  /** Set after a failed delivery or a skipped message: later messages of this step skip it (one warning). */
  down: boolean;
  /** Time spent delivering to this webhook during the step, and after a cancel. */
  step: Budget;
  afterCancel: Budget;
}

export interface NotifierOptions {
  warning: (message: string) => void;
  signal: AbortSignal;
  repository?: string;
  runUrl?: string;
  /** Default NOTIFY_BUDGET_MS; tests shorten it. */
  budgetMs?: number;
  /** Default CANCEL_BUDGET_MS; tests shorten it. */
  cancelBudgetMs?: number;
  /** Values never sent in a message (the GitHub token): a reason quoting one is masked. */
  secrets?: readonly string[];
}

/** A signal that never aborts: messages sent after a cancel are bounded by their own budget only. */
const NEVER = new AbortController().signal;

/**
 * Sends deploy, canary and rollback messages to Slack-compatible webhooks at a bounded cost: a
 * webhook that is down, hangs or answers an error costs at most `budgetMs` for the whole step
 * and one warning naming the input (never the URL), and never fails the step.
 */
export function createNotifier(targets: NotifyTargets, options: NotifierOptions): Notifier {
  const budgetMs = options.budgetMs ?? NOTIFY_BUDGET_MS;
  const cancelBudgetMs = options.cancelBudgetMs ?? CANCEL_BUDGET_MS;
  const urls = [targets.webhook, targets.failureWebhook].filter((value): value is string => Boolean(value));
  // Reasons: the URLs and the token. Warnings also lose every long piece of a URL (its key).
  const redactReason = createRedactor([...urls, ...(options.secrets ?? [])], { minLength: 3 });
  const redactWarning = createRedactor([...urls, ...urls.flatMap(urlPieces), ...(options.secrets ?? [])], { minLength: 3 });
  const warn = (line: string) => options.warning(redactWarning(line));
  const all: Target[] = [];
  const target = (input: Target['input'], url: string): Target => ({ input, url, queue: Promise.resolve(), down: false, step: { totalMs: budgetMs, spentMs: 0 }, afterCancel: { totalMs: cancelBudgetMs, spentMs: 0 } });
  if (targets.webhook) all.push(target('notify-webhook', targets.webhook));
  // The same URL twice would post every incident twice to one channel.
  if (targets.failureWebhook && targets.failureWebhook !== targets.webhook) all.push(target('notify-failure-webhook', targets.failureWebhook));

  const deliver = async (to: Target, event: NotifyEvent, afterCancel: boolean) => {
    // A message sent before the cancel and not yet on its way is dropped with the rest.
    if (to.down || (!afterCancel && options.signal.aborted)) return;
    const budget = afterCancel ? to.afterCancel : to.step;
    const leftMs = budget.totalMs - budget.spentMs;
    const whole = `${formatSeconds(budget.totalMs)}${afterCancel ? ' allowed after the cancel' : ''}`;
    if (leftMs < 1) {
      to.down = true;
      warn(`${to.input}: a message was not sent: earlier messages took the whole ${whole}; later messages of this step are not sent to this webhook`);
      return;
    }
    const started = performance.now();
    const result = await deliverMessage(to.url, buildMessage(event), { deadline: started + leftMs, signal: afterCancel ? NEVER : options.signal });
    const spentBefore = budget.spentMs;
    budget.spentMs += performance.now() - started;
    if (result.delivered || result.cancelled) return;
    to.down = true;
    // A timeout that only had what earlier (slow but answered) messages left says so, not "timed out after 0.4 s".
    const problem = result.timedOut && spentBefore >= budget.totalMs / 10
      ? `no answer within the ${whole} for this step's messages (${formatSeconds(spentBefore)} went to earlier ones, ${formatSeconds(leftMs)} to this one)`
      : result.problem;
    warn(`${to.input}: delivery failed: ${problem}; the step goes on, and later messages of this step are not sent to this webhook`);
  };

  const sendTo = (to: Target, event: NotifyEvent, afterCancel: boolean) => {
    const previous = to.queue;
    const delivery = previous.then(() => deliver(to, event, afterCancel)).catch((error: unknown) => {
      // A bug here must not fail the deploy either; the message still never holds the URL.
      to.down = true;
      warn(`${to.input}: delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    to.queue = delivery;
    return delivery;
  };

  return {
    send: async (action) => {
      if (all.length === 0) return;
      const reason = action.reason === undefined ? undefined : withoutCommandOutput(redactReason(action.reason));
      const event: NotifyEvent = { ...action, ...(reason === undefined ? {} : { reason }), repository: options.repository, runUrl: options.runUrl };
      const afterCancel = options.signal.aborted;
      const chosen = all.filter((to) => to.input === 'notify-webhook' || isIncident(event.kind));
      await Promise.all(chosen.map((to) => sendTo(to, event, afterCancel)));
    },
    settle: async () => {
      await Promise.all(all.map((to) => to.queue));
    },
  };
}

/**
 * A reason as it goes to chat: a failed command's reason may carry its last output line
 * (`command exited with code 2: router down`, `… (its last output line: …)`), which may hold
 * anything the command printed. The chat gets the exit code; the output stays in the run's log.
 */
export function withoutCommandOutput(reason: string): string {
  return reason
    .replace(/(exited with code (?:-?\d+|unknown \(killed\)))(?::| \(its last output line:).*$/s, '$1 (its output is in the run log)');
}

/** The path segments and query values of a URL that are long enough to be its key (8+ characters). */
function urlPieces(url: string): string[] {
  try {
    const parsed = new URL(url);
    const pieces = [...parsed.pathname.split('/'), ...[...parsed.searchParams.values()]];
    return pieces.flatMap((piece) => [piece, safeDecode(piece)]).filter((piece) => piece.length >= 8);
  } catch {
    return [];
  }
}

function safeDecode(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    return piece;
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
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
