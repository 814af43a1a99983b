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

const cellHtml = (cell: Cell) => (typeof cell === 'string' ? escapeHtml(cell) : cell.html);

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
