export { type NotifyEvent, type NotifyKind, type VersionRef, isIncident } from './notify-event';
export { buildMessage, headline, type WebhookMessage, type SlackBlock } from './message';
export { markdownText, mrkdwnText, cutEscaped, MAX_REASON_CHARACTERS, MAX_SECTION_CHARACTERS, MAX_TEXT_CHARACTERS } from './mrkdwn';
export { deliverMessage, type DeliveryResult } from './webhook-delivery';
export { createNotifier, actionNotifier, NOTIFY_BUDGET_MS, CANCEL_BUDGET_MS, withoutCommandOutput, type Notifier, type NotifyTargets, type ActionEvent } from './notifier';
export { webhookUrlInput, notifyInputs } from './webhook-input';
export { canaryEvent } from './canary-event';
