/**
 * A job summary (Markdown with HTML tables, as GitHub renders it) as plain terminal text: tables
 * become aligned columns, links show their address, tags and Markdown marks go away. It only has
 * to read well for the summaries shipgate writes; GITHUB_STEP_SUMMARY still gets the original.
 */
export function summaryText(markdown: string): string {
  // split() with a capture group: odd parts are the bodies of HTML tables, rendered once.
  const parts = markdown.split(/<table[^>]*>([\s\S]*?)<\/table>/);
  const text = parts.map((part, i) => (i % 2 === 1 ? `\n${tableText(htmlRows(part), /^\s*<tr[^>]*>\s*<th/.test(part))}\n` : markdownText(part))).join('');
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

function markdownText(markdown: string): string {
  const lines: string[] = [];
  let tableRows: string[][] = [];
  const flushTable = () => {
    if (tableRows.length) lines.push(tableText(tableRows, true));
    tableRows = [];
  };
  let fence: { marker: string; language: string; body: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (fence) {
      if (line.trim() === fence.marker) {
        lines.push(...fencedText(fence.language, fence.body));
        fence = undefined;
      } else fence.body.push(line);
      continue;
    }
    const opening = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (opening) {
      flushTable();
      fence = { marker: opening[1] ?? '```', language: opening[2] ?? '', body: [] };
      continue;
    }
    if (/^\s*\|/.test(line)) {
      if (!/^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/.test(line)) tableRows.push(markdownCells(line));
      continue;
    }
    flushTable();
    lines.push(plainLine(line));
  }
  flushTable();
  if (fence) lines.push(...fencedText(fence.language, fence.body));
  return lines.join('\n');
}

/**
 * A fenced block: a chart (mermaid) is drawn only on GitHub, so the terminal gets one line naming
 * it; any other block is shown as written, indented, without reading Markdown in it.
 */
function fencedText(language: string, body: readonly string[]): string[] {
  if (language === 'mermaid') {
    const title = body.map((line) => /^\s*title\s+"?([^"]*)"?\s*$/.exec(line)?.[1]).find(Boolean);
    return [`(chart${title ? `: ${title}` : ''} — see the job summary on GitHub)`];
  }
  return body.map((line) => `    ${line}`);
}

function htmlRows(body: string): string[][] {
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) => [...(row ?? '').matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t\1>/g)].map(([, , cell]) => inlineText(cell ?? '')));
}

function markdownCells(line: string): string[] {
  const cells = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
  return cells.map((cell) => inlineText(cell.replace(/\\\|/g, '|').trim()));
}

/** Wider than this, a table's rows are stacked instead of padded into columns that wrap. */
const MAX_WIDTH = 120;

/** Rows as columns padded to the widest cell; a row with every cell empty (a blank header) is left out. */
function tableText(rows: string[][], hasHeader: boolean): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  const total = widths.reduce((sum, width) => sum + width + 2, 0);
  // A blank header (a two-column key/value table) says nothing to stack under: it stays aligned.
  if (total > MAX_WIDTH && hasHeader && rows[0]?.some((cell) => cell !== '') && rows.length > 1) return stackedRows(rows);
  return rows
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd())
    .join('\n');
}

/**
 * One block per row: its first cells (up to the first column with a header, and an icon column
 * always with the cell after it), then `Header: value` for the rest.
 */
function stackedRows([header = [], ...rows]: string[][]): string {
  let lead = Math.max(header.findIndex((cell) => cell !== ''), 0) + 1;
  // A first column of icons (the gate's 'Passed') says nothing on a line of its own.
  if (lead === 1 && rows.every((row) => isIcon(row[0] ?? ''))) lead = 2;
  return rows
    .map((row) => [row.slice(0, lead).filter(Boolean).join(' '), ...row.slice(lead).flatMap((cell, i) => (cell ? [`    ${header[lead + i] || '-'}: ${cell}`] : []))].join('\n'))
    .join('\n');
}

/** ✅, ❌, ⚠️ or nothing: a cell without a letter or a digit, at most a few characters. */
function isIcon(cell: string): boolean {
  return [...cell].length <= 3 && !/[\p{L}\p{N}]/u.test(cell);
}

function plainLine(line: string): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `\n${markdownLineText(heading[1] ?? '')}`;
  const alert = /^>\s*\[!(\w+)\]\s*$/.exec(line);
  if (alert) return `${(alert[1] ?? '').toLowerCase()}:`;
  return markdownLineText(line.replace(/^>\s?/, ''));
}

// Backslash-escaped punctuation (escapeMarkdownInline) is set aside in the Private Use Area while
// marks and tags are read, then shown as the character itself: `\[x\]\(y\)` is text, not a link.
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const SET_ASIDE = /[\uE000-\uE07F]/g;

function markdownLineText(line: string): string {
  const guarded = line.replace(ESCAPED, (_, char: string) => String.fromCharCode(0xe000 + char.charCodeAt(0)));
  return inlineText(guarded).replace(SET_ASIDE, (char) => String.fromCharCode(char.charCodeAt(0) - 0xe000));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

function inlineText(html: string): string {
  return html
    .replace(/\s*<br\s*\/?>\s*/g, '; ')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, href: string, text: string) => (text === href ? href : `${text} (${href})`))
    .replace(/<[^>]+>/g, '')
    .replace(/\[([^\]]*)\]\((https?:[^)\s]*)\)/g, (_, text: string, href: string) => (text === href ? href : `${text} (${href})`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (ENTITIES[name] !== undefined) return ENTITIES[name];
      const codePoint = /^#x/i.test(name) ? parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : NaN;
      return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    });
}
