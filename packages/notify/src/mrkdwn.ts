/** U+2060 WORD JOINER: invisible, and `@​channel` with it is no longer a mention. */
const WORD_JOINER = '\u2060';
/** Longest reason kept in a message: Slack cuts a section at 3,000 characters, Discord a message at 2,000. */
export const MAX_REASON_CHARACTERS = 600;

/**
 * Makes user data (version labels, reasons, environment names) plain text in a message.
 * - Slack and Mattermost read `<…>` as links and mentions (`<!channel>`, `<@U123>`,
 *   `<https://evil|click>`): `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;` as Slack asks.
 * - Mattermost and Discord ping on a bare `@channel`, `@here`, `@all`, `@everyone`: a word
 *   joiner after every `@` keeps the text as it reads but stops the mention.
 * - Line breaks and other control characters become spaces: the value stays on its line.
 */
export function plainText(value: string): string {
  return value
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${WORD_JOINER}`);
}

/** A reason as one escaped line, cut (on the raw text, so no entity is split) when long. */
export function plainReason(reason: string): string {
  const cut = reason.length > MAX_REASON_CHARACTERS ? `${reason.slice(0, MAX_REASON_CHARACTERS - 3)}...` : reason;
  return plainText(cut);
}

/**
 * A Slack link `<url|label>`. The URL is shipgate's own (the run's log), but it is still
 * escaped as Slack asks, and `|` would end the URL early.
 */
export function slackLink(url: string, label: string): string {
  return `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${plainText(label)}>`;
}
