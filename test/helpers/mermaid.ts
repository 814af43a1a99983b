import { parseHTML } from 'linkedom';

/**
 * Mermaid's own parser, in Node: mermaid sanitises titles with DOMPurify, which needs a DOM;
 * linkedom gives it one (no browser, no rendering). Resolves with the diagram type, or throws
 * mermaid's parse error.
 */
export async function parseMermaid(text: string): Promise<string> {
  if (!('window' in globalThis)) {
    const { window } = parseHTML('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window, document: window.document });
  }
  const { default: mermaid } = await import('mermaid');
  const result = await mermaid.parse(text);
  if (!result) throw new Error('mermaid did not recognise the diagram');
  return result.diagramType;
}

/** The text of each ```mermaid block in a Markdown document. */
export const mermaidBlocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([^]*?)\n```/g)].map((m) => m[1] as string);
