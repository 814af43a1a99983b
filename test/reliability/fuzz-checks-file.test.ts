import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { SECRETS } from './fuzz/cases';
import { duration, hostileText, injection, type Candidate } from './fuzz/hostile';
import { actionInputDefaults } from './fuzz/action-inputs';
import { SMOKE, judgeSmoke, seedStagingUrl, smokeBaseline } from './fuzz/smoke-world';
import { defineFuzzSuite } from './fuzz/suite';
import type { World } from './fuzz/world';


interface ChecksCase {
  /** The smoke-test inputs; `checks` is the document (inline) or the path of `file`. */
  inputs: Record<string, Candidate>;
  file?: CaseFile;
}

/** A checks file in the workspace (`name`), holding `content` or linked to `linkedFrom` outside the workspace. */
interface CaseFile {
  name: string;
  content: string;
  linkedFrom?: string;
}

/** Sometimes a key is left out; `undefined` values are dropped when the document is rendered. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const text = () => fc.oneof({ weight: 2, arbitrary: fc.constantFrom('health', 'home page', 'api/v1 ✓') }, { weight: 3, arbitrary: hostileText() }, { weight: 1, arbitrary: injection() });

/** Mostly values the schema accepts (so runs go on to log, summarise and report them), sometimes not. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: invalid });

function document(world: World) {
  const app = world.app.url;
  const port = world.app.port;
  const path = mostly(fc.oneof(fc.constantFrom('/', '/health', '/echo', '/echo?x=1', '/status/503', '/status/204', '/a/../../b'), hostileText().map((t) => `/${t}`)), hostileText());
  const url = mostly(
    fc.oneof(
      fc.constantFrom(`${app}/echo`, `${app}/health`, `http://user:${SECRETS.urlPassword}@127.0.0.1:${port}/echo`, `http://${SECRETS.urlPassword}@127.0.0.1:${port}/`, `http://127.0.0.1:${world.closedPort}/`),
      hostileText().map((t) => `${app}/echo/${[...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`),
    ),
    fc.oneof(fc.constantFrom('ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)'), hostileText()),
  );
  const target = fc.oneof({ weight: 4, arbitrary: path.map((p) => ({ path: p })) }, { weight: 2, arbitrary: url.map((u) => ({ url: u })) }, { weight: 1, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.tuple(path, url).map(([p, u]) => ({ path: p, url: u })) });
  const scalar = fc.oneof(text(), fc.integer(), fc.double(), fc.boolean());
  const headers = fc.dictionary(
    mostly(fc.constantFrom('Authorization', 'X-Api-Key', 'content-type', 'X-Echo'), hostileText()),
    mostly(fc.oneof(fc.constantFrom(`Bearer ${SECRETS.bearer}`, SECRETS.headerValue), text().map((t) => `${SECRETS.headerValue}${t}`)), fc.oneof(scalar, fc.constant(null))),
    { maxKeys: 3 },
  );
  const status = mostly(fc.constantFrom(200, 204, 503, '2xx', '5xx', [200, 204]), fc.oneof(fc.integer({ min: -10, max: 1000 }), text(), fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 3 })));
  const latency = mostly(fc.constantFrom('500ms', '2s', 1000, 0), fc.oneof(duration({ maxValidMs: 5000 }).map((c) => c.value), fc.double(), fc.integer({ min: -5, max: 2 ** 40 })));
  const expect = fc.record(
    {
      status: maybe(status),
      json: maybe(fc.oneof(fc.constantFrom({ status: 'ok' }, { headers: { 'x-api-key': SECRETS.headerValue } }, { nope: 1 }), fc.jsonValue({ maxDepth: 2 }))),
      'body-contains': maybe(fc.oneof(fc.constantFrom('ok', 'never-there', SECRETS.headerValue), text())),
      headers: maybe(headers),
      'max-latency': maybe(latency),
    },
    { requiredKeys: [] },
  );
  const check = fc
    .record(
      {
        name: maybe(text()),
        method: maybe(mostly(fc.constantFrom('GET', 'post', 'HEAD', 'DELETE'), fc.oneof(fc.constantFrom('TRACE', 'CONNECT'), text()))),
        headers: maybe(headers),
        body: maybe(fc.oneof(text(), fc.dictionary(fc.string(), scalar, { maxKeys: 3 }), fc.array(scalar, { maxLength: 3 }))),
        expect: maybe(expect),
      },
      { requiredKeys: [] },
    )
    .chain((c) => target.map((t) => ({ ...t, ...c })));
  const extraKey = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.constantFrom('timeout', 'retries', '__proto__', 'constructor'), hostileText()), scalar) });
  const load = fc
    .record(
      {
        method: maybe(mostly(fc.constantFrom('GET', 'POST'), fc.constantFrom('BREW'))),
        requests: maybe(mostly(fc.integer({ min: 0, max: 30 }), fc.constantFrom(-1, 1.5, 1_000_001, 2 ** 53, 1e21, 'ten', '5', null))),
        concurrency: maybe(mostly(fc.integer({ min: 1, max: 20 }), fc.constantFrom(0, -3, 1001, 2.5, 'many'))),
      },
      { requiredKeys: [] },
    )
    .chain((l) => fc.option(target, { nil: undefined }).map((t) => ({ ...t, ...l })));
  const thresholds = fc.dictionary(
    mostly(fc.constantFrom('error-rate', 'p99', 'p95', 'avg', 'max', 'rate', 'p50'), hostileText()),
    mostly(fc.constantFrom('<0.5%', '<200ms', '>1', '<=1s', '<10'), fc.oneof(fc.constantFrom('<-1ms', '<1e999ms'), scalar)),
    { maxKeys: 3 },
  );
  return fc
    .record({
      checks: fc.array(fc.tuple(check, extraKey), { minLength: 1, maxLength: 3 }),
      empty: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      load: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: load }),
      thresholds: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: thresholds }),
    })
    .map(({ checks, empty, load: l, thresholds: t }) => ({
      checks: (empty ? [] : checks).map(([c, extra]) => (extra ? { ...c, [extra[0]]: extra[1] } : c)),
      ...(l ? { load: l } : {}),
      ...(t ? { thresholds: t } : {}),
    }));
}

/** Raw documents no structure generator makes: alias bombs, YAML tags, merge keys, broken syntax, huge ones. */
const RAW_DOCUMENTS = [
  `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nchecks: [*g]\n`,
  'checks:\n  - &c { path: / }\n  - *c\n  - <<: *c\n    name: merged\n',
  'checks: !!js/function "function(){ return 1 }"\n',
  'checks:\n  - path: !!binary aGVsbG8=\n',
  'checks:\n\t- path: /\n',
  'checks: [\n',
  '{"checks": [{"path": "/"}]',
  '---\nchecks: [{path: /}]\n---\nchecks: [{path: /x}]\n',
  'checks:\n  - path: /\n    path: /echo\n',
  `checks:\n  - name: "${'n'.repeat(200_000)}"\n    path: /\n`,
  'checks:\n  - name: "line\\n::error::from-yaml-escape"\n    path: /status/503\n',
  '? [a, b]\n: c\n',
  '%YAML 1.1\n---\nchecks: [{path: /}]\n',
  'checks: *undefined_alias\n',
];

function checksCase(world: World): fc.Arbitrary<ChecksCase> {
  const baseline = { ...actionInputDefaults(SMOKE, process.env as Record<string, string>), ...smokeBaseline(world), 'request-timeout': '1s' };
  return fc
    .record({
      doc: fc.oneof({ weight: 8, arbitrary: document(world).map((d) => ({ d })) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_DOCUMENTS).map((raw) => ({ raw })) }),
      format: fc.constantFrom('yaml', 'json'),
      placement: fc.constantFrom('inline', 'inline', 'file', 'file-absolute', 'symlink-out'),
      record: fc.constantFrom('true', 'false'),
      n: fc.nat(),
    })
    .map(({ doc, format, placement, record, n }) => {
      // Pure: the file a case names is written by placeFile just before the case runs (generation
      // and shrinking run ahead of it, and an earlier case may have left another kind of file there).
      const textDoc = 'raw' in doc ? doc.raw : format === 'json' ? JSON.stringify(doc.d) : toYaml(doc.d);
      let checks = textDoc;
      let mustRefuse: string | undefined;
      let file: CaseFile | undefined;
      if (placement !== 'inline') {
        const name = `fuzz/checks-${n}.${format === 'json' ? 'json' : 'yml'}`;
        if (placement === 'symlink-out') {
          file = { name, content: `# ${world.sandbox.victimMarker}\n${textDoc}`, linkedFrom: join(world.sandbox.root, 'outside-docs', `doc-${n}.yml`) };
          mustRefuse = 'a checks file that is a symlink out of the workspace';
        } else file = { name, content: textDoc };
        checks = placement === 'file-absolute' ? join(world.sandbox.workspace, name) : name;
      }
      const inputs: Record<string, Candidate> = Object.fromEntries(Object.entries(baseline).map(([k, v]) => [k, { value: v }]));
      inputs.checks = { value: checks, ...(mustRefuse ? { mustRefuse } : {}) };
      inputs.record = { value: record };
      return { inputs, file };
    });
}

/** Puts the case's checks file in place: a fresh regular file, or a fresh link to a file outside the workspace. */
function placeFile(world: World, file: CaseFile | undefined): void {
  if (!file) return;
  const path = join(world.sandbox.workspace, file.name);
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  if (file.linkedFrom === undefined) return writeFileSync(path, file.content);
  writeFileSync(file.linkedFrom, file.content);
  symlinkSync(file.linkedFrom, path);
}

defineFuzzSuite<ChecksCase>({
  action: SMOKE,
  title: `${SMOKE} checks file`,
  loadMain: async () => (await import('../../actions/smoke-test/src/main')).main,
  injected:
    'checks documents generated key by key (names, path, url with user:pw@, method, headers with secrets, body, expect.status/json/body-contains/headers/max-latency, load, thresholds, unknown keys) with hostile values, as YAML or JSON, inline, in a workspace file, by absolute path or through a symlink out of the workspace; plus alias bombs, YAML tags, merge keys and broken syntax',
  prepare: (world) => {
    seedStagingUrl(world);
    // Written outside the sandbox's snapshot: these outside files are made by the cases themselves.
    mkdirSync(join(world.sandbox.root, 'outside-docs'), { recursive: true });
  },
  arbitrary: (world) => checksCase(world),
  beforeBundle: (value, world) => placeFile(world, value.file),
  judge: (value, world, main) => {
    placeFile(world, value.file);
    return judgeSmoke(value.inputs, world, main, { checks: /checks file|Input 'checks'/ });
  },
});
