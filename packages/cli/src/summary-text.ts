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
  for (const line of markdown.split('\n')) {
    if (/^\s*\|/.test(line)) {
      if (!/^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/.test(line)) tableRows.push(markdownCells(line));
      continue;
    }
    flushTable();
    lines.push(plainLine(line));
  }
  flushTable();
  return lines.join('\n');
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
 * One block per row: its first cells (up to the first column with a header, so an icon column
 * stays with the name), then `Header: value` for the rest.
 */
function stackedRows([header = [], ...rows]: string[][]): string {
  const lead = Math.max(header.findIndex((cell) => cell !== ''), 0) + 1;
  return rows
    .map((row) => [row.slice(0, lead).filter(Boolean).join(' '), ...row.slice(lead).flatMap((cell, i) => (cell ? [`    ${header[lead + i] || '-'}: ${cell}`] : []))].join('\n'))
    .join('\n');
}

function plainLine(line: string): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `\n${inlineText(heading[1] ?? '')}`;
  const alert = /^>\s*\[!(\w+)\]\s*$/.exec(line);
  if (alert) return `${(alert[1] ?? '').toLowerCase()}:`;
  return inlineText(line.replace(/^>\s?/, ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

function inlineText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, ' ')
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
