import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from './routers';

let dir: string;
const logs: string[] = [];
const context = () => ({ timeoutMs: 10_000, log: (line: string) => logs.push(line), stdout: new PassThrough(), stderr: new PassThrough() });
const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const node = JSON.stringify(process.execPath);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipgate-command-router-'));
  logs.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('command router', () => {
  it('runs the command with {weight} and {stable-weight} as plain arguments and reads the weight back', async () => {
    const state = join(dir, 'weight');
    const router = createRouter(
      'command',
      inputs({
        'set-weight-command': `${node} -e "require('fs').writeFileSync(process.argv[1], process.argv[2] + ' ' + process.argv[3])" ${state} {weight} 'stable={stable-weight}; touch x'`,
        'get-weight-command': `${node} -e "process.stdout.write('note: from file\\n' + require('fs').readFileSync(process.argv[1], 'utf8').split(' ')[0] + '%\\n')" ${state}`,
      }),
      context(),
    );
    await router.setWeight(25);
    expect(readFileSync(state, 'utf8')).toBe('25 stable=75; touch x');
    expect(await router.getWeight()).toBe(25);
    expect(logs.join('\n')).toMatch(/canary weight 25% \(stable 75%\)/);
  });

  it('without a read-back command reports the weight it set last', async () => {
    const router = createRouter('command', inputs({ 'set-weight-command': `${node} -e "" {weight}` }), context());
    expect(await router.getWeight()).toBeUndefined();
    await router.setWeight(10);
    expect(await router.getWeight()).toBe(10);
  });

  it('says a failed command left the previous weight in force', async () => {
    const state = join(dir, 'weight');
    writeFileSync(state, '10');
    const router = createRouter(
      'command',
      inputs({
        'set-weight-command': `${node} -e "console.error('rollout not found'); process.exit(3)" {weight}`,
        'get-weight-command': `${node} -e "console.log(require('fs').readFileSync(process.argv[1], 'utf8'))" ${state}`,
      }),
      context(),
    );
    await expect(router.setWeight(50)).rejects.toThrow(
      "Input 'set-weight-command' could not set the canary weight to 50%: command exited with code 3: rollout not found; get-weight-command reports 10% canary in force",
    );
    const blind = createRouter('command', inputs({ 'set-weight-command': `${node} -e "process.exit(process.argv[1] === '20' ? 0 : 1)" {weight}` }), context());
    await blind.setWeight(20);
    await expect(blind.setWeight(30)).rejects.toThrow(
      /: command exited with code 1; the previous weight \(20% canary\) is still in force as far as shipgate knows \(set get-weight-command to read it back\)$/,
    );
  });

  it('refuses bad input with one error naming it', async () => {
    expect(() => createRouter('traefik', inputs({}), context())).toThrow("Input 'router' must be one of command, nginx, haproxy; got 'traefik'");
    expect(() => createRouter('command', inputs({}), context())).toThrow(/Input 'set-weight-command' is required/);
    expect(() => createRouter('command', inputs({ 'set-weight-command': 'kubectl annotate ingress app-canary nginx.ingress.kubernetes.io/canary-weight=10 --overwrite' }), context())).toThrow(
      /Input 'set-weight-command' must contain \{weight\}/,
    );
    // {{weight}} is the literal text {weight}: the router would be handed it and never move traffic.
    expect(() => createRouter('command', inputs({ 'set-weight-command': 'node router.mjs {{weight}}' }), context())).toThrow(
      /Input 'set-weight-command' must contain \{weight\}/,
    );
    expect(() => createRouter('command', inputs({}), context())).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() => createRouter('command', inputs({ 'set-weight-command': 'set-weight {weight} && reload' }), context())).toThrow(
      /Input 'set-weight-command' contains the shell operator '&&'/,
    );
    const router = createRouter('command', inputs({ 'set-weight-command': `${node} -e "" {weight}`, 'get-weight-command': `${node} -e "console.log('about half')"` }), context());
    await expect(router.setWeight(101)).rejects.toThrow("Input 'steps' expects canary weights that are whole numbers from 0 to 100; got 101");
    await expect(router.setWeight(12.5)).rejects.toThrow(/whole numbers/);
    await expect(router.getWeight()).rejects.toThrow("Input 'get-weight-command' must print the canary weight as one number from 0 to 100 (e.g. 25); it printed 'about half'");
  });
});

describe('placeholders in router commands', () => {
  it('refuses an unknown placeholder when the router is built, before any command runs', () => {
    const marker = join(dir, 'ran');
    const touch = `${node} -e "require('fs').writeFileSync(process.argv[1], '')" ${JSON.stringify(marker)}`;
    expect(() => createRouter('command', inputs({ 'set-weight-command': `${touch} {weigth}` }), context())).toThrow(
      "Input 'set-weight-command' uses the unknown placeholder {weigth}; the placeholders are {weight} {stable-weight} (write {{weigth}} for the literal text {weigth})",
    );
    expect(() => createRouter('command', inputs({ 'set-weight-command': `${touch} {weight}`, 'get-weight-command': `${touch} {weight}` }), context())).toThrow(
      "Input 'get-weight-command' uses {weight}, but this command takes no placeholders",
    );
    expect(() => readFileSync(marker)).toThrow();
  });

  it('passes {{name}} on as the literal {name}', async () => {
    const state = join(dir, 'args');
    const record = `${node} -e "require('fs').writeFileSync(process.argv[1], process.argv.slice(2).join(' ')); console.log(25)" ${JSON.stringify(state)}`;
    const router = createRouter('command', inputs({ 'set-weight-command': `${record} {weight} {{weight}}`, 'get-weight-command': `${record} '{{end}}'` }), context());
    await router.setWeight(25);
    expect(readFileSync(state, 'utf8')).toBe('25 {weight}');
    await router.getWeight();
    expect(readFileSync(state, 'utf8')).toBe('{end}');
  });
});
