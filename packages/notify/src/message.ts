import { isIncident, type NotifyEvent, type NotifyKind, type VersionRef } from './notify-event';
import { plainReason, plainText, slackLink } from './mrkdwn';

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

/** `v1.2.3 (abc1234)`, or the short sha alone when the version is the sha. */
function versionText(ref: VersionRef): string {
  const short = ref.sha.slice(0, 7);
  return ref.version === short || ref.version === ref.sha ? plainText(short) : `${plainText(ref.version)} (${plainText(short)})`;
}

/** One line saying what happened, with every user value escaped. */
export function headline(event: NotifyEvent): string {
  const version = versionText(event);
  const env = plainText(event.environment);
  const from = event.from ? versionText(event.from) : undefined;
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

/** The Slack-compatible message for one event. */
export function buildMessage(event: NotifyEvent): WebhookMessage {
  const emoji = EMOJI[event.kind];
  const title = headline(event);
  const reason = event.reason ? plainReason(event.reason) : undefined;
  const repository = event.repository ? plainText(event.repository) : undefined;
  const textLines = [`${emoji} ${title}`];
  if (reason) textLines.push(`Reason: ${reason}`);
  if (event.runUrl) textLines.push(`${repository ? `${repository} run` : 'Run'}: ${event.runUrl}`);

  const section = [`${emoji} *${title}*`];
  if (reason) section.push(`*Reason:* ${reason}`);
  const context = [`shipgate · ${isIncident(event.kind) ? 'incident' : 'deployment'}`];
  if (repository) context.push(repository);
  if (event.runUrl) context.push(slackLink(event.runUrl, 'run log'));
  return {
    text: textLines.join('\n'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: section.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
  };
}
