import { statSync } from 'node:fs';
import type { RunContext } from './run-context';

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

/**
 * User text (an environment, a version, a reason) on a Markdown line outside a table: a heading,
 * a sentence. escapeHtml stops tags but not Markdown, so `[click](https://evil) _i_` in an
 * environment name would render as a link: `& < >` become entities, every other character
 * Markdown gives a meaning inline is backslash-escaped (CommonMark shows `\X` as `X` for any ASCII
 * punctuation), and line breaks are folded so the text cannot start a line of its own.
 */
export function escapeMarkdownInline(text: string): string {
  const oneLine = text.replace(/\r\n|[\n\r\u0085\u2028\u2029]/g, ' ');
  return oneLine
    .replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] ?? char)
    .replace(/[\\[\]()*_`~#@!|]/g, '\\$&');
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

/** `code(text)` that links to `href` when there is an http(s) page to link to. */
export function codeLink(text: string, href: string | undefined): HtmlCell {
  const inner = code(text).html;
  return href && /^https?:\/\//.test(href) ? { html: `<a href="${escapeHtml(href)}">${inner}</a>` } : { html: inner };
}

/** Which records a summary describes: `DeploymentRecords` has both. */
export interface RecordsPlace {
  readonly backend: 'github' | 'local';
  /** The repository's deployments page, or the local records file. */
  readonly location: string;
}

/**
 * The GitHub pages a summary links to. Only records kept on GitHub have pages: with the local
 * records file (the CLI, the demo) every link is undefined and the summary shows plain text.
 */
export interface SummaryLinks {
  /** Where a person finds the records: the repository's deployments page, or the file's path. */
  readonly records: string;
  readonly backend: RecordsPlace['backend'];
  /** `<server>/<owner>/<repo>/commit/<sha>`. */
  commit(sha: string): string | undefined;
  /** The environment's page: `<server>/<owner>/<repo>/deployments/<environment>`, its deployments newest first. */
  environment(name: string): string | undefined;
}

export function summaryLinks(records: RecordsPlace, context: RunContext): SummaryLinks {
  const { owner, repo, serverUrl } = context;
  const repository = records.backend === 'github' && owner && repo ? `${serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}` : undefined;
  // Environment names may hold '/', spaces or '#': one path segment, encoded as GitHub's own links do.
  const page = (path: string) => (repository ? `${repository}/${path}` : undefined);
  return {
    records: records.location,
    backend: records.backend,
    commit: (sha) => page(`commit/${encodeURIComponent(sha)}`),
    environment: (name) => page(`deployments/${encodeURIComponent(name)}`),
  };
}

/** "Deployment #N", linked to its environment's page on GitHub; with the local file, the file it is in. */
export function deploymentCell(id: number | string, environment: string, links: SummaryLinks, label = 'Deployment'): HtmlCell {
  const text = `${label} #${id}`;
  const href = links.environment(environment);
  return href ? link(text, href) : { html: `${escapeHtml(text)} in <code>${escapeHtml(links.records)}</code>` };
}

/** A commit: its short (or full) sha in code, linked to the commit's page on GitHub. */
export function commitCell(sha: string, links: SummaryLinks, { short = false } = {}): HtmlCell {
  return codeLink(short ? sha.slice(0, 7) : sha, links.commit(sha));
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

/**
 * `markdown` fitted into what is left of the step's 1 MiB in the summary `file`, which may already
 * hold this step's earlier parts; one byte is kept for the line end the writer adds.
 */
export function fitStepSummary(markdown: string, file: string): string {
  return fitSummary(markdown, SUMMARY_LIMIT_BYTES - fileSize(file) - 1);
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
