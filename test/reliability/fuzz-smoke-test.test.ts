import { join } from 'node:path';
import fc from 'fast-check';
import { actionCase } from './fuzz/cases';
import { hostileText, type Candidate } from './fuzz/hostile';
import { SMOKE, judgeSmoke, seedStagingUrl, smokeBaseline, smokeInputs } from './fuzz/smoke-world';
import { defineFuzzSuite } from './fuzz/suite';
import type { World } from './fuzz/world';


/** The `checks` input here: good documents (some against a server that echoes the secret headers), files, paths leading out, hostile text. fuzz-checks-file.test.ts goes through the document key by key. */
function checksInput(world: World): fc.Arbitrary<Candidate> {
  const { outside } = world.sandbox;
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          '',
          'smoke/checks.yml',
          './smoke/checks.yml',
          '{"checks":[{"path":"/echo","expect":{"body-contains":"never-there"}}]}',
          'checks:\n  - name: echo\n    path: /echo\n    expect: { json: { headers: { x-api-key: nope } } }',
          'checks:\n  - path: /status/503\n  - path: /health',
          'checks:\n  - path: /echo\n    method: POST\n    body: { a: 1 }\n    expect: { status: 201 }',
        )
        .map((value) => ({ value })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('escape.yml', '../outside/victim.yml', join(outside, 'victim.yml'), join(outside, 'victim.txt'), '/etc/passwd', '../../../../etc/passwd', 'a-directory.yml', 'outside-dir/victim.yml', 'missing.yml', '.', '/proc/self/environ')
        .map((value) => ({ value, mustRefuse: 'a checks path outside the workspace, a link out of it, a directory or a missing file' })),
    },
    { weight: 3, arbitrary: hostileText().map((value) => (value.trim() === '' ? { value } : { value, mustRefuse: 'neither a checks document nor a checks file in the workspace' })) },
  );
}

defineFuzzSuite({
  action: SMOKE,
  loadMain: async () => (await import('../../actions/smoke-test/src/main')).main,
  injected:
    'control characters + workflow commands, shell metacharacters, -values, 10 kB+ strings, unicode, URLs with user:pw@, bad/huge durations and numbers, secret header values (Bearer credentials) against a server that echoes them, checks and report paths leading out of the workspace (.., absolute, symlinks, directories)',
  prepare: seedStagingUrl,
  arbitrary: (world) => fc.record({ inputs: actionCase(SMOKE, { ...smokeInputs(world), checks: checksInput(world) }, { baseline: smokeBaseline(world) }) }),
  judge: (value, world, main) => judgeSmoke(value.inputs, world, main),
});
