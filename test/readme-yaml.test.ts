import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { actionlint } from './helpers/actionlint';
import { repoRoot } from './helpers/run-action';

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', 'coverage']);

/** Every README.md in the repository, and every page under docs/. */
function markdownFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : markdownFiles(path);
    const file = relative(repoRoot, path);
    return entry.name === 'README.md' || (file.startsWith(`docs/`) && file.endsWith('.md')) ? [file] : [];
  });
}

interface Block {
  where: string;
  text: string;
}

/** The ```yaml / ```yml blocks of a page, with their indentation (a block inside a list) removed. */
function yamlBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^( *)(`{3,}|~{3,})ya?ml\b[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const [, indent = '', , body = ''] = match;
    const line = markdown.slice(0, match.index).split('\n').length;
    const text = body
      .split('\n')
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join('\n');
    blocks.push({ where: `${file}:${line}`, text });
  }
  return blocks;
}

const blocks = markdownFiles(repoRoot).flatMap((file) => yamlBlocks(file, readFileSync(join(repoRoot, file), 'utf8')));

describe('YAML in the docs works when copied', () => {
  it('finds the blocks (the walk and the fence pattern work)', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(yamlBlocks('x.md', '- item:\n\n  ```yaml\n  on: push\n  ```\n')).toEqual([{ where: 'x.md:3', text: 'on: push\n' }]);
  });

  it.each(blocks)('$where parses, and lints when it is a workflow', async ({ where, text }) => {
    const document = parseDocument(text);
    expect(document.errors.map((error) => `${where}: ${error.message}`)).toEqual([]);
    const value = document.toJS() as unknown;
    const isWorkflow = typeof value === 'object' && value !== null && 'on' in value && 'jobs' in value;
    // A fragment (a with: or steps excerpt) only has to parse; a whole workflow must pass actionlint.
    if (isWorkflow) expect(await actionlint(text, where)).toEqual([]);
  });
});
