import { isIncident, type NotifyEvent, type NotifyKind, type VersionRef } from './notify-event';
import { cutEscaped, markdownText, MAX_REASON_CHARACTERS, MAX_SECTION_CHARACTERS, MAX_TEXT_CHARACTERS, mrkdwnText, slackLink } from './mrkdwn';

/** A Slack block: a section or a context line, both mrkdwn. */
export type SlackBlock =
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

/**
 * The JSON body posted to the webhook. Slack shows `blocks` and uses `text` for notifications;
 * Mattermost and Discord's `/slack` endpoint ignore `blocks` and show `text`, so `text` says
 * everything on its own (with the run's URL written out, which all three make a link).
 */
export interface WebhookMessage {
  text: string;
  blocks: SlackBlock[];
}

const EMOJI: Record<NotifyKind, string> = {
  'deploy-started': '🚀',
  'deploy-succeeded': '✅',
  'deploy-failed': '❌',
  'canary-started': '🐤',
  'canary-promoted': '✅',
  'canary-rolled-back': '⏪',
  'canary-paused': '⏸️',
  'canary-aborted': '🛑',
  'rollback-started': '⏪',
  'rollback-succeeded': '⏪',
  'rollback-failed': '❌',
};

/** How user data is escaped: `markdownText` for `text`, `mrkdwnText` for Slack's blocks. */
type Escape = (value: string) => string;

/** `v1.2.3 (abc1234)`, or the short sha alone when the version is the sha. */
function versionText(ref: VersionRef, escape: Escape): string {
  const short = ref.sha.slice(0, 7);
  return ref.version === short || ref.version === ref.sha ? escape(short) : `${escape(ref.version)} (${escape(short)})`;
}

/** One line saying what happened, with every user value escaped by `escape` (default: for `text`). */
export function headline(event: NotifyEvent, escape: Escape = markdownText): string {
  const version = versionText(event, escape);
  const env = escape(event.environment);
  const from = event.from ? versionText(event.from, escape) : undefined;
  switch (event.kind) {
    case 'deploy-started':
      return `Deploying ${version} to ${env}`;
    case 'deploy-succeeded':
      return `Deployed ${version} to ${env}`;
    case 'deploy-failed':
      return `Deploy of ${version} to ${env} failed`;
    case 'canary-started':
      return `Canary ${version} started in ${env}`;
    case 'canary-promoted':
      return `Canary ${version} promoted in ${env}: it carries all traffic`;
    case 'canary-rolled-back':
      return `Canary ${version} aborted in ${env}: traffic is back on stable`;
    case 'canary-paused':
      return `Canary ${version} failed in ${env}: paused with ${event.weight ?? '?'}% of traffic on it for you to inspect`;
    case 'canary-aborted':
      return `Canary ${version} stopped in ${env}${event.weight ? `: ${event.weight}% of traffic may still be on it` : ''}`;
    case 'rollback-started':
      return `Rolling back ${env}${from ? ` from ${from}` : ''} to ${version}`;
    case 'rollback-succeeded':
      return `Rolled back ${env}${from ? ` from ${from}` : ''} to ${version}`;
    case 'rollback-failed':
      return `Rollback of ${env}${from ? ` from ${from}` : ''} to ${version} failed`;
  }
}

/**
 * The head line, the reason line (cut first, after escaping, to fit) and the other lines, within
 * `max` characters: a reason of 600 characters of `<` is 2,400 once escaped.
 */
function fitLines(head: string, reason: { label: string; text: string } | undefined, tail: string[], max: number): string {
  const lines = [head];
  if (reason) {
    const room = Math.min(MAX_REASON_CHARACTERS, max - [head, ...tail].join('\n').length - 1 - reason.label.length);
    // Too little room for a useful excerpt: the run's log has the reason.
    if (room >= 20) lines.push(`${reason.label}${cutEscaped(reason.text, room)}`);
  }
  return cutEscaped([...lines, ...tail].join('\n'), max);
}

/** The Slack-compatible message for one event. */
export function buildMessage(event: NotifyEvent): WebhookMessage {
  const emoji = EMOJI[event.kind];
  const repository = event.repository ? markdownText(event.repository) : undefined;
  const textTail = event.runUrl ? [`${repository ? `${repository} run` : 'Run'}: ${event.runUrl}`] : [];
  const text = fitLines(`${emoji} ${headline(event, markdownText)}`, event.reason ? { label: 'Reason: ', text: markdownText(event.reason) } : undefined, textTail, MAX_TEXT_CHARACTERS);

  const section = fitLines(`${emoji} *${headline(event, mrkdwnText)}*`, event.reason ? { label: '*Reason:* ', text: mrkdwnText(event.reason) } : undefined, [], MAX_SECTION_CHARACTERS);
  const context = [`shipgate · ${isIncident(event.kind) ? 'incident' : 'deployment'}`];
  if (event.repository) context.push(mrkdwnText(event.repository));
  if (event.runUrl) context.push(slackLink(event.runUrl, 'run log'));
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: section } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: cutEscaped(context.join(' · '), MAX_SECTION_CHARACTERS) }] },
    ],
  };
}
