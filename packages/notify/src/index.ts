export { type NotifyEvent, type NotifyKind, type VersionRef, isIncident } from './notify-event';
export { buildMessage, headline, type WebhookMessage, type SlackBlock } from './message';
export { plainText, plainReason, MAX_REASON_CHARACTERS } from './mrkdwn';
export { deliverMessage, type DeliveryResult } from './webhook-delivery';
export { createNotifier, actionNotifier, NOTIFY_BUDGET_MS, type Notifier, type NotifyTargets, type ActionEvent } from './notifier';
export { webhookUrlInput, notifyInputs } from './webhook-input';
export { canaryEvent } from './canary-event';
