/** U+2060 WORD JOINER: invisible, and `@​channel` with it is no longer a mention. */
const WORD_JOINER = '\u2060';
/** Longest reason kept in a message, counted after escaping. */
export const MAX_REASON_CHARACTERS = 600;
/** Slack refuses a section text longer than 3,000 characters. */
export const MAX_SECTION_CHARACTERS = 3_000;
/** Discord cuts a message at 2,000 characters; `text` is what it shows. */
export const MAX_TEXT_CHARACTERS = 2_000;
/** What ends a cut value. */
const ELLIPSIS = '…';

/**
 * Bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F) can make a value read backwards
 * ("Trojan source"): removed. Line breaks and other control characters become spaces, so the
 * value stays on its line.
 */
function oneLine(value: string): string {
  return value.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '').replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ');
}

/**
 * Slack, and Mattermost with it, read `<…>` as links and mentions (`<!channel>`, `<@U123>`,
 * `<https://evil|click>`): `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;` as Slack asks.
 */
function slackEntities(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Mattermost and Discord ping on a bare `@channel`, `@here`, `@all`, `@everyone`: a word joiner after every `@` stops it. */
function noMentions(value: string): string {
  return value.replace(/@/g, `@${WORD_JOINER}`);
}

/**
 * User data (version labels, reasons, environment names) as plain text in `text`, which
 * Mattermost and Discord render as Markdown (and Slack uses for notifications): Slack's entities,
 * no mention, and a backslash before every Markdown character that could make a link, an image,
 * emphasis, code, a table or a heading — `\ [ ] * _ ~ ` | #` (with `[` and `]` escaped, no
 * `[label](url)` or `![img](url)` can form, so `(`, `)` and `!` stay readable as they are).
 */
export function markdownText(value: string): string {
  return noMentions(slackEntities(oneLine(value)).replace(/[\\[\]*_~`|#]/g, '\\$&'));
}

/**
 * Slack's mrkdwn has no escape character: in `blocks`, its formatting characters in user data are
 * shown as lookalikes that format nothing — `*` ∗ (U+2217), `_` ˍ (U+02CD), `~` ∼ (U+223C),
 * `` ` `` ˋ (U+02CB) — after Slack's entities.
 */
export function mrkdwnText(value: string): string {
  return noMentions(slackEntities(oneLine(value)))
    .replace(/\*/g, '\u2217')
    .replace(/_/g, '\u02CD')
    .replace(/~/g, '\u223C')
    .replace(/`/g, '\u02CB');
}

/**
 * An escaped text cut to at most `max` characters (ellipsis included) where no escape is split:
 * not inside an entity (`&amp;`), not between a backslash and what it escapes, not between `@` and
 * its word joiner (which would make a mention again), not inside a surrogate pair.
 */
export function cutEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let end = Math.max(0, max - ELLIPSIS.length);
  const entity = escaped.lastIndexOf('&', end - 1);
  if (entity >= 0 && entity > end - 5 && !escaped.slice(entity, end).includes(';')) end = entity;
  if (escaped[end] === WORD_JOINER && escaped[end - 1] === '@') end -= 1;
  let backslashes = 0;
  while (end - 1 - backslashes >= 0 && escaped[end - 1 - backslashes] === '\\') backslashes += 1;
  if (backslashes % 2 === 1) end -= 1;
  const last = escaped.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${escaped.slice(0, end)}${ELLIPSIS}`;
}

/**
 * A Slack link `<url|label>`. The URL is shipgate's own (the run's log), but it is still
 * escaped as Slack asks, and `|` would end the URL early.
 */
export function slackLink(url: string, label: string): string {
  return `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${mrkdwnText(label)}>`;
}
