#!/usr/bin/env node
// Packs the shipgate CLI as an npm package that installs anywhere: its `bin` is the ncc bundle
// (dist/cli, built from packages/cli/src/bin/cli.ts), so it has no runtime dependencies.
//   node scripts/pack-cli.mjs [--out DIR] [--no-build]
// builds dist/cli (unless --no-build: pack the bundle as it is), stages a package folder
// (package.json, the bundle, README.md) in a temporary directory, runs `npm pack` there and
// prints the tarball's path as the last line. DIR defaults to the current directory.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: process.cwd() }, 'no-build': { type: 'boolean', default: false } }, strict: true });
const out = resolve(values.out);
const bundle = join(root, 'dist', 'cli');

if (!values['no-build']) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root, stdio: 'inherit' });
if (!existsSync(join(bundle, 'index.js'))) {
  console.error(`${bundle}/index.js is missing; run node scripts/build.mjs cli (or drop --no-build)`);
  process.exit(1);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const cli = readJson(join(root, 'packages', 'cli', 'package.json'));
const workspace = readJson(join(root, 'package.json'));
const manifest = {
  name: cli.name,
  version: cli.version,
  description: cli.description,
  license: cli.license ?? workspace.license,
  // The bundle is an ES module (ncc's ESM output, like dist/cli/package.json says).
  type: 'module',
  bin: { shipgate: 'dist/index.js' },
  // Not the workspace's engines (>=22.12.0, for the development tools): the bundle itself runs on
  // Node 20 and 24 (.ci/run tests it on both); 20.18.1 is the oldest the bundled undici supports.
  engines: { node: '>=20.18.1' },
  files: ['dist', 'README.md'],
};

const stage = mkdtempSync(join(tmpdir(), 'shipgate-cli-pack-'));
try {
  mkdirSync(join(stage, 'dist'));
  for (const file of readdirSync(bundle)) {
    if (file === 'package.json') continue; // the package's own package.json says "type": "module"
    if (file === 'index.js') {
      // npm links `bin` as an executable: it needs the shebang the TypeScript entry does not have.
      const code = readFileSync(join(bundle, file), 'utf8');
      writeFileSync(join(stage, 'dist', file), code.startsWith('#!') ? code : `#!/usr/bin/env node\n${code}`, { mode: 0o755 });
    } else {
      copyFileSync(join(bundle, file), join(stage, 'dist', file));
    }
  }
  copyFileSync(join(root, 'packages', 'cli', 'README.md'), join(stage, 'README.md'));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(out, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
  console.log(join(out, packed[0].filename));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
