import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expandDefault, repoRoot } from '../../helpers/run-action';

interface ActionInputsYaml {
  inputs?: Record<string, { default?: unknown }>;
}

/**
 * The inputs actions/<action>/action.yml declares, each with the value the runner passes when a
 * workflow leaves it out: its default with `${{ github.* }}` expanded as run-action.ts does, else ''.
 * Read from the file on every call, so an input added there is fuzzed (and defaulted) at once.
 */
export function actionInputDefaults(action: string, env: Record<string, string> = {}): Record<string, string> {
  const meta = parseYaml(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')) as ActionInputsYaml;
  return Object.fromEntries(Object.entries(meta.inputs ?? {}).map(([name, spec]) => [name, spec.default === undefined ? '' : expandDefault(String(spec.default), env)]));
}

/** How a set of input names differs from action.yml's: what it lacks and what action.yml does not declare. */
export function inputCoverage(action: string, names: Iterable<string>): { missing: string[]; unknown: string[] } {
  const declared = Object.keys(actionInputDefaults(action));
  const given = new Set(names);
  return { missing: declared.filter((name) => !given.has(name)), unknown: [...given].filter((name) => !declared.includes(name)) };
}
