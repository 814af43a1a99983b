import fc from 'fast-check';
import { TEST_SHA } from '../helpers/run-action';
import { SECRETS, actionCase, token, urlInput } from './fuzz/cases';
import { boolean, choice, duration, freeText, hostileText, singleLine, wholeNumber, type Candidate } from './fuzz/hostile';
import { decimal, dryRunOnly, judgeInputs } from './fuzz/judge-inputs';
import { defineFuzzSuite } from './fuzz/suite';
import { SHA_MAIN, type World } from './fuzz/world';

/**
 * canary-step at the level of its inputs (fuzz-rollback-inputs.test.ts: rollback): every input of action.yml gets
 * generated hostile values, and main runs in-process as the runner would, in dry-run (a
 * spelling of true, or a dry-run value that must be refused), so each case ends after the
 * inputs are read, checked and turned into a plan (router, metric source, steps), without
 * moving traffic or running a command. Every case must end in success or a ShipgateError
 * naming an input — never a bug, a leak or a workflow command in the log.
 */

/** An optional duration: empty (or blank, the runner trims it) means unset. */
const optionalDuration = (maxValidMs: number): fc.Arbitrary<Candidate> => fc.oneof(fc.constant({ value: '' }), duration({ maxValidMs, timer: false }).map((c) => (c.value.trim() === '' ? { value: c.value } : c)));
const percentage = (): fc.Arbitrary<Candidate> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('1%', '0.5%', '0.005', '100%').map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constantFrom('-1%', 'abc', 'NaN%', '%', '1e3%x').map((value) => ({ value, mustRefuse: 'not a percentage' })) },
    { weight: 2, arbitrary: hostileText().map((value) => ({ value })) },
  );

function canaryInputs(world: World): fc.Arbitrary<Record<string, Candidate>> {
  const app = world.app.url;
  return actionCase(
    'canary-step',
    {
      environment: singleLine(['production', 'canary eu']),
      sha: singleLine([TEST_SHA, 'main', SHA_MAIN]),
      steps: freeText(['10,25,50,100', '10:5m,25:10m,100', '100', '0', '50,25']),
      interval: duration({ maxValidMs: 3_600_000, zero: 'refuse' }),
      mode: choice(['run', 'advance']),
      // start: false with mode: run is refused too (a cross-input rule): the harness accepts either a clean refusal or a run.
      start: boolean(),
      router: choice(['command', 'nginx', 'haproxy']),
      'set-weight-command': freeText([`${world.sandbox.recorder} {weight}`, '']),
      'get-weight-command': freeText(['', `${world.sandbox.recorder} get`]),
      'nginx-config': freeText(['', 'nginx/canary.conf']),
      'nginx-reload-command': freeText(['nginx -s reload']),
      'nginx-test-command': freeText(['nginx -t']),
      'haproxy-socket': freeText(['', '/run/haproxy.sock']),
      'haproxy-backend': freeText(['', 'app']),
      'haproxy-canary-server': freeText(['', 'canary']),
      'haproxy-stable-server': freeText(['', 'stable']),
      'canary-url': urlInput([app, `${app}/`], '127.0.0.1'),
      'baseline-url': urlInput(['', app], '127.0.0.1'),
      'probe-path': freeText(['/', '/health']),
      'probe-rate': freeText(['10/s', '5/s', '100/s']),
      'prometheus-url': urlInput(['', 'http://127.0.0.1:9/'], '127.0.0.1'),
      'prometheus-token': freeText(['', `${SECRETS.bearer}`]),
      'error-rate-query': freeText(['', 'sum(rate(errors[1m]))']),
      'latency-query': freeText(['', 'histogram_quantile(0.99, x)']),
      'metrics-command': freeText(['', `${world.sandbox.recorder} metrics`]),
      'slow-threshold': freeText(['', '250ms']),
      'max-error-rate': percentage(),
      'max-p99': optionalDuration(10_000),
      'compare-baseline': boolean(),
      alpha: decimal(0.0001, 0.5, ['0.05', '0.01', '0.5']),
      'min-requests': wholeNumber(1, 10_000_000, 100),
      'on-failure': choice(['rollback', 'pause']),
      'harm-margin': decimal(1, 10, ['1.1', '2', '10']),
      'max-step-wait': optionalDuration(24 * 3_600_000),
      'on-no-data': choice(['pause', 'rollback']),
      strategy: choice(['canary', 'blue-green']),
      'scale-down-delay': duration({ maxValidMs: 3_600_000 }),
      'advance-timeout': duration({ maxValidMs: 24 * 3_600_000 }),
      'notify-webhook': urlInput(['', `${app}/hooks/deploys`], '127.0.0.1'),
      'notify-failure-webhook': urlInput(['', `${app}/hooks/incidents`], '127.0.0.1'),
      // A dry run of canary-step never opens the records, so an empty token may pass there (a real run refuses it: open-records.ts).
      'github-token': token().map((c) => (c.value.trim() === '' ? { value: c.value } : c)),
      'dry-run': dryRunOnly(),
    },
    { baseline: { 'set-weight-command': `${world.sandbox.recorder} {weight}`, 'canary-url': app, 'baseline-url': app, interval: '1s', 'github-token': `ghs_${SECRETS.token}`, 'dry-run': 'true' } },
  );
}

const INJECTED = 'control characters + workflow commands, shell metacharacters, -values, 10 kB+ strings, unicode (RTL, NUL, lone surrogates), URLs with user:pw@, bad/huge/zero durations, bad numbers (0x10, 1e3, -1, out of range), bad choices and booleans, hostile tokens; in dry-run';

defineFuzzSuite({
  action: 'canary-step',
  loadMain: async () => (await import('../../actions/canary-step/src/main')).main,
  injected: INJECTED,
  arbitrary: (world) => fc.record({ inputs: canaryInputs(world) }),
  judge: (value, world, main) => judgeInputs('canary-step', value.inputs, world, main, /^$never/),
});
