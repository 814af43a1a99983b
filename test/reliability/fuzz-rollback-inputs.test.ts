import fc from 'fast-check';
import { SECRETS, actionCase, token, urlInput } from './fuzz/cases';
import { boolean, duration, freeText, hostileText, singleLine, type Candidate } from './fuzz/hostile';
import { dryRunOnly, judgeInputs } from './fuzz/judge-inputs';
import { defineFuzzSuite } from './fuzz/suite';
import { SHA_MAIN, SHA_TAG, type World } from './fuzz/world';

/**
 * rollback at the level of its inputs (fuzz-canary-step-inputs.test.ts: canary-step): every
 * input of action.yml gets generated hostile values, and main runs in-process as the runner
 * would, in dry-run (a spelling of true, or a dry-run value that must be refused), so each case
 * ends after the inputs are read and checked and the rollback target is chosen from the records
 * (production: v1.0.0, then main), without running a command or moving traffic. Every case must
 * end in success or a ShipgateError naming an input — never a bug, a leak or a workflow command.
 */

/** A deployment id (digits) or empty; anything else must be refused. The runner trims inputs. */
const deploymentId = (): fc.Arbitrary<Candidate> =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom('', '1', '42', '999999999999999') }, { weight: 3, arbitrary: hostileText() }).map((value) =>
    /^(\d{1,15})?$/.test(value.trim()) ? { value } : { value, mustRefuse: 'not a deployment id' },
  );

function rollbackInputs(world: World): fc.Arbitrary<Record<string, Candidate>> {
  const app = world.app.url;
  return actionCase(
    'rollback',
    {
      environment: singleLine(['production', 'staging', 'x'.repeat(255)], { maxLength: 255 }),
      to: singleLine(['previous', SHA_TAG, 'v1.0.0', 'main', '1', '999'], { refuseLeadingDash: true, maxLength: 255 }),
      command: freeText(['', `${world.sandbox.recorder} {sha}`, './deploy.sh {sha} {version}']),
      router: freeText(['', 'command', 'nginx', 'haproxy']),
      'set-weight-command': freeText(['', `${world.sandbox.recorder} {weight}`]),
      'get-weight-command': freeText(['', `${world.sandbox.recorder} get`]),
      'nginx-config': freeText(['', 'nginx/canary.conf']),
      'nginx-reload-command': freeText(['', 'nginx -s reload']),
      'nginx-test-command': freeText(['', 'nginx -t']),
      'haproxy-socket': freeText(['', '/run/haproxy.sock']),
      'haproxy-backend': freeText(['', 'app']),
      'haproxy-canary-server': freeText(['', 'canary']),
      'haproxy-stable-server': freeText(['', 'stable']),
      steps: freeText(['0', '50,0', '25,0']),
      'health-url': urlInput(['', `${app}/health`], '127.0.0.1'),
      'health-timeout': duration({ maxValidMs: 300 }),
      'command-timeout': duration({ maxValidMs: 600_000, zero: 'refuse' }),
      reason: singleLine(['', 'bad deploy', 'p99 doubled'], { maxLength: 512 }),
      force: boolean(),
      'expect-from': deploymentId(),
      'notify-webhook': urlInput(['', `${app}/hooks/deploys`], '127.0.0.1'),
      'notify-failure-webhook': urlInput(['', `${app}/hooks/incidents`], '127.0.0.1'),
      'github-token': token(),
      'dry-run': dryRunOnly(),
    },
    { baseline: { command: `${world.sandbox.recorder} {sha}`, 'github-token': `ghs_${SECRETS.token}`, 'dry-run': 'true' } },
  );
}

defineFuzzSuite({
  action: 'rollback',
  loadMain: async () => (await import('../../actions/rollback/src/main')).main,
  injected:
    'control characters + workflow commands, shell metacharacters, -values, 10 kB+ strings, unicode (RTL, NUL, lone surrogates), URLs with user:pw@, bad/huge/zero durations, refs and deployment ids that name nothing, bad booleans, hostile tokens, router inputs; in dry-run',
  prepare: (world) => {
    // Two good production deployments: v1.0.0, then main (the current one); `to: previous` picks v1.0.0.
    for (const [sha, version, minutesAgo] of [[SHA_TAG, 'v1.0.0', 60], [SHA_MAIN, 'v1.1.0', 30]] as const) {
      const deployment = world.emulator.seedDeployment({ sha, environment: 'production', createdAt: new Date(Date.now() - minutesAgo * 60_000), payload: { shipgate: { kind: 'deploy', version } } });
      world.emulator.seedDeploymentStatus(deployment.id, { state: 'success' });
    }
  },
  arbitrary: (world) => fc.record({ inputs: rollbackInputs(world) }),
  judge: (value, world, main) => judgeInputs('rollback', value.inputs, world, main, /^$never/),
});
