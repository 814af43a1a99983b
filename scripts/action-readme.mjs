#!/usr/bin/env node
// Keeps each action's README inputs/outputs tables generated from its action.yml, between
// <!-- shipgate:inputs --> / <!-- shipgate:outputs --> markers (the rest is hand-written).
// `--check` fails when a README is out of date (part of `npm test`); without it, rewrites them.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();

function tables(meta) {
  const inputs = Object.entries(meta.inputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${spec.required ? '**required**' : spec.default === '' || spec.default === undefined ? '' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(meta.outputs ?? {}).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return {
    inputs: ['| input | default | description |', '|---|---|---|', ...inputs].join('\n'),
    outputs: ['| output | description |', '|---|---|', ...outputs].join('\n'),
  };
}

function replaceBlock(text, name, body, file) {
  const start = `<!-- shipgate:${name} -->`;
  const end = `<!-- /shipgate:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

let stale = 0;
for (const name of readdirSync(join(root, 'actions')).sort()) {
  const readme = join(root, 'actions', name, 'README.md');
  const actionYml = join(root, 'actions', name, 'action.yml');
  if (!existsSync(actionYml)) continue;
  if (!existsSync(readme)) {
    console.error(`::error file=actions/${name}/README.md::missing README for action ${name}`);
    stale++;
    continue;
  }
  const meta = parse(readFileSync(actionYml, 'utf8'));
  const before = readFileSync(readme, 'utf8');
  const { inputs, outputs } = tables(meta);
  const after = replaceBlock(replaceBlock(before, 'inputs', inputs, readme), 'outputs', outputs, readme);
  if (after === before) continue;
  if (check) {
    console.error(`::error file=actions/${name}/README.md::inputs/outputs tables are out of date with action.yml; run node scripts/action-readme.mjs`);
    stale++;
  } else {
    writeFileSync(readme, after);
    console.log(`updated actions/${name}/README.md`);
  }
}
if (stale) process.exit(1);
if (check) console.log('action READMEs match their action.yml');
