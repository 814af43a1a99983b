/**
 * Helpers for job summaries. `core.summary` does no escaping, and branch names, commit
 * messages and command output are attacker-influenced text: everything printed goes through
 * escapeHtml first.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A cell that is already HTML (a link built by `link`), not to be escaped again. */
export interface HtmlCell {
  html: string;
}
export type Cell = string | HtmlCell;

// A line break in a cell (from a payload, a status description) could end the HTML block in
// the Markdown summary and let the rest render as Markdown: cells are folded onto one line.
const cellHtml = (cell: Cell) => (typeof cell === 'string' ? escapeHtml(cell) : cell.html).replace(/\r\n|[\n\r\u0085\u2028\u2029]/g, ' ');

/** An HTML table (GitHub renders HTML inside Markdown summaries; pipes in text can't break it). */
export function htmlTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>\n`;
}

/** A link cell; only http(s) targets become links, anything else is shown as text. */
export function link(text: string, href: string | undefined): HtmlCell {
  if (!href || !/^https?:\/\//.test(href)) return { html: escapeHtml(text) };
  return { html: `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` };
}

export function code(text: string): HtmlCell {
  return { html: `<code>${escapeHtml(text)}</code>` };
}

/** GitHub refuses a step summary over 1 MiB (and shows none of it), so shipgate stays below. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/**
 * `markdown` cut to fit in `budgetBytes` (UTF-8), with a note saying it was cut. The cut never
 * splits a character, a tag or an entity, and closes the tables it leaves open. '' when not even
 * the note fits.
 */
export function fitSummary(markdown: string, budgetBytes: number): string {
  const size = Buffer.byteLength(markdown);
  if (size <= budgetBytes) return markdown;
  const note =
    `\n\n> [!WARNING]\n> This summary was cut at ${Math.floor(budgetBytes / 1024)} KiB of ${Math.ceil(size / 1024)} KiB: ` +
    'GitHub accepts at most 1 MiB per step. The step log has every line.\n';
  const closers = '</table>'.repeat(4);
  const room = budgetBytes - Buffer.byteLength(note) - closers.length;
  if (room <= 0) return Buffer.byteLength(note) <= budgetBytes ? note : '';
  // Decoding a byte prefix may end in half a character: drop the replacement character it becomes.
  let kept = new TextDecoder().decode(Buffer.from(markdown).subarray(0, room)).replace(/\uFFFD$/, '');
  const openTag = kept.lastIndexOf('<');
  if (openTag > kept.lastIndexOf('>')) kept = kept.slice(0, openTag);
  kept = kept.replace(/&[#\w]{0,10}$/, '');
  const unclosed = (kept.match(/<table[\s>]/g)?.length ?? 0) - (kept.match(/<\/table>/g)?.length ?? 0);
  return `${kept}${'</table>'.repeat(Math.max(0, Math.min(unclosed, 4)))}${note}`;
}
