/**
 * What a reader of a job summary sees, read from its HTML: table header rows, links, rows and
 * plain text. Regular expressions suffice: shipgate writes this HTML itself, one tag shape each.
 */
const unescape = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Each table's header row, as the cells' text. */
export function headerRows(summary: string): string[][] {
  return [...summary.matchAll(/<tr>((?:<th>.*?<\/th>)+)<\/tr>/g)].map(([, row]) => [...(row as string).matchAll(/<th>(.*?)<\/th>/g)].map(([, cell]) => unescape(cell as string)));
}

/** Every link: its text and where it goes. */
export function links(summary: string): { text: string; href: string }[] {
  return [...summary.matchAll(/<a href="([^"]*)">(.*?)<\/a>/g)].map(([, href, text]) => ({ text: unescape(text as string), href: unescape(href as string) }));
}

/** The body row whose first cell reads `label`, as the cells' text. */
export function row(summary: string, label: string): string[] | undefined {
  for (const [, cells] of summary.matchAll(/<tr>((?:<td>.*?<\/td>)+)<\/tr>/g)) {
    const texts = [...(cells as string).matchAll(/<td>(.*?)<\/td>/g)].map(([, cell]) => unescape(cell as string));
    if (texts[0] === label) return texts;
  }
  return undefined;
}

/** The summary as text, tags removed and entities decoded. */
export function text(summary: string): string {
  return unescape(summary);
}
