import fc from 'fast-check';
import { ALL_SECRETS, SECRETS, actionCase, token, urlInput } from './fuzz/cases';
import { boolean, duration, fillCanaries, hostileText, singleLine, type Candidate } from './fuzz/hostile';
import { runInProcess, type ActionMain } from './fuzz/in-process';
import { classify, violations, type CaseFacts } from './fuzz/properties';
import { defineFuzzSuite } from './fuzz/suite';
import { KNOWN_REFS, type World } from './fuzz/world';


const ACTION = 'staging-deploy';

/** What the user's template holds: the recorder and arguments, each text with placeholders. */
interface CommandSpec {
  /** The args as the user means them (before substitution); undefined for a raw hostile template. */
  args?: string[];
  /** The template text, before the sandbox paths are filled in. */
  template: string;
}

const PLACEHOLDER = fc.constantFrom('{sha}', '{ref}', '{version}', '{environment}', '{weight}', '--env={environment}', 'app:{version}');
/** POSIX single quoting: everything literal, a quote written as '\''. */
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** Templates a user could write: the recorder with quoted arguments mixing placeholders and hostile text; or raw hostile text after it. */
const commandSpec = (): fc.Arbitrary<CommandSpec> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.array(fc.array(fc.oneof(PLACEHOLDER, hostileText(), fc.constantFrom('deploy', '--yes', '-rf')), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')), { maxLength: 4 }).map((args) => ({
        args,
        template: ['{recorder}', ...args.map((arg) => (/^[\w./{}=:,@%+-]+$/.test(arg) ? arg : quote(arg)))].join(' '),
      })),
    },
    { weight: 1, arbitrary: hostileText().map((text) => ({ template: `{recorder} ${text}` })) },
    { weight: 1, arbitrary: fc.constantFrom('{recorder} a; {intruder}', '{recorder} && {intruder}', '{recorder} | {intruder}', '{recorder} $({intruder})', '{recorder} `{intruder}`', '{recorder} > {outside}/redirect', '{intruder}$IFS', '{recorder} #{intruder}', '  ', '-rf', '--output={outside}/x').map((template) => ({ template })) },
  );

/** Where a case starts, besides action.yml's defaults: a short health check and the recording command. */
const BASELINE: Record<string, string> = {
  environment: 'staging',
  ref: 'main',
  version: '',
  command: '{recorder} deploy {sha} {version} {environment}',
  url: '',
  'health-url': '',
  'health-timeout': '300ms',
  'command-timeout': '1m',
  production: 'false',
  transient: 'false',
  'github-token': `ghs_${SECRETS.token}`,
  'dry-run': 'false',
};

function deployCase(world: World) {
  const app = world.app.url;
  const closed = `http://127.0.0.1:${world.closedPort}`;
  return fc.record({
    inputs: actionCase(ACTION, {
      environment: singleLine(['staging', 'production', 'preview/pr-42', 'Staging EU', 'x'.repeat(255)], { maxLength: 255 }),
      ref: singleLine(Object.keys(KNOWN_REFS), { refuseLeadingDash: true }),
      version: singleLine(['', 'v1.2.3', '2026.11.30-1', 'release candidate 1', '{sha}']),
      command: fc.constant({ value: BASELINE.command as string }),
      url: urlInput(['https://app.example.test/', `${app}/`], '127.0.0.1'),
      'health-url': urlInput([`${app}/health`, `${app}/status/204`, `${closed}/health`], '127.0.0.1'),
      'health-timeout': duration({ maxValidMs: 300 }),
      'command-timeout': duration({ maxValidMs: 600_000, zero: 'refuse' }),
      production: boolean(),
      transient: boolean(),
      'github-token': token(),
      'rollback-on-failure': boolean(),
      'notify-webhook': urlInput([`${app}/hooks/deploys`, `${closed}/hooks/deploys`], '127.0.0.1'),
      'notify-failure-webhook': urlInput([`${app}/hooks/incidents`], '127.0.0.1'),
      'dry-run': boolean(),
    }, { baseline: BASELINE }),
    command: fc.option(commandSpec(), { nil: undefined, freq: 2 }),
  }).map(({ inputs, command }) => {
    // The command is perturbed through its own generator (its oracle needs the split args).
    const fill = (text: string) => fillCanaries(text, { intruder: world.sandbox.intruder, outside: world.sandbox.outside }).replaceAll('{recorder}', world.sandbox.recorder);
    const filled: Record<string, Candidate> = { ...inputs };
    const spec: CommandSpec = command ?? { args: ['deploy', '{sha}', '{version}', '{environment}'], template: BASELINE.command as string };
    const template = fill(spec.template);
    const args = spec.args?.map(fill);
    filled.command = template.includes('\0') || args?.some((a) => a.includes('\0')) ? { value: template, mustRefuse: 'a NUL character, which no argv can hold' } : { value: template };
    return { inputs: filled, args };
  });
}

/** The argv the user wrote: the split template with placeholders filled in one pass (CONTRACT.md). */
function expectedArgv(args: string[], inputs: Record<string, Candidate>, world: World): string[] {
  const value = (name: string) => (inputs[name]?.value ?? '').trim();
  const ref = value('ref');
  const sha = KNOWN_REFS[ref] ?? '';
  const values: Record<string, string> = { sha, ref, version: value('version') || sha.slice(0, 7), environment: value('environment') };
  // argv reaches the process as UTF-8, where half of a surrogate pair can only be U+FFFD. (In-process
  // only: an INPUT_* variable from the runner cannot hold a lone surrogate in the first place.)
  const asExecuted = (arg: string) => Buffer.from(arg, 'utf8').toString('utf8');
  return [world.sandbox.recorder, ...args.map((arg) => asExecuted(arg.replace(/\{(sha|ref|version|environment)\}/g, (_whole, name: string) => values[name] as string)))];
}

async function judge(value: { inputs: Record<string, Candidate>; args?: string[] }, world: World, main: ActionMain) {
  const inputs = Object.fromEntries(Object.entries(value.inputs).map(([k, c]) => [k, c.value]));
  const run = await runInProcess(ACTION, main, { inputs, emulator: world.emulator });
  const calls = world.sandbox.takeCalls();
  const facts: CaseFacts = { inputs: value.inputs, secrets: ALL_SECRETS, verdict: /^deploy of [\s\S]* failed: / };
  const found = violations(run, facts, world.sandbox, calls);
  const { kind } = classify(run, facts);
  const expected = value.args ? expectedArgv(value.args, value.inputs, world) : undefined;
  // rollback-on-failure: a failed deploy is followed by one redeploy of the previous commit with the same command.
  const rolledBack = /^true$/i.test(value.inputs['rollback-on-failure']?.value.trim() ?? '') && /the rollback to /.test(run.outcome.kind === 'shipgate-error' ? run.outcome.message : '');
  const allowedRuns = rolledBack ? 2 : 1;
  if (calls.recorded.length > allowedRuns) found.push(`ran argv ${calls.recorded.length} times for one deploy${rolledBack ? ' and its rollback' : ''}`);
  // A command killed by its timeout may not have finished writing its argv (then it wrote no env either).
  const complete = calls.recorded.filter((r) => r.complete);
  const wrote = (argv: string[]) => expected !== undefined && JSON.stringify(argv) === JSON.stringify(expected.slice(1));
  // The deploy's own run must be the argv the user wrote; a rollback's run has the previous commit in it.
  const deployRunComplete = !rolledBack || complete.length === calls.recorded.length;
  if (expected && deployRunComplete && complete.length > 0 && !complete.some((r) => wrote(r.argv))) {
    found.push(`ran argv ${JSON.stringify(complete[0]?.argv)}, the user wrote ${JSON.stringify(expected.slice(1))}`);
  }
  for (const recorded of calls.recorded) {
    const leakedEnv = Object.keys(recorded.env).filter((key) => key.startsWith('INPUT_'));
    if (leakedEnv.length > 0) found.push(`the command saw the action's inputs in its environment: ${leakedEnv.slice(0, 3).join(', ')}`);
    const secretEnv = Object.entries(recorded.env).filter(([, v]) => ALL_SECRETS.some((s) => v.includes(s)));
    if (secretEnv.length > 0) found.push(`the command saw a secret in its environment: ${secretEnv[0]?.[0]}`);
  }
  return { kind, violations: found, durationMs: run.durationMs, mustRefuse: Object.values(value.inputs).some((c) => c.mustRefuse !== undefined), shown: { inputs: value.inputs, expectedArgv: expected, outcome: run.outcome.kind === 'shipgate-error' ? run.outcome.message.slice(0, 300) : run.outcome.kind } };
}

defineFuzzSuite({
  action: ACTION,
  loadMain: async () => (await import('../../actions/staging-deploy/src/main')).main,
  injected:
    'control characters + workflow commands, shell metacharacters and $(…), -values, 10 kB+ strings, unicode (RTL, NUL, lone surrogates), paths, placeholders inside values, bad/huge/negative durations, bad booleans, URLs with user:pw@, hostile tokens; command templates mixing placeholders and hostile text, run by a recording fake command',
  arbitrary: deployCase,
  judge,
});
