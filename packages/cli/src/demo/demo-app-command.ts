import { ShipgateError } from '@shipgate/core';
import { parseArgs } from 'node:util';
import { startDemoApp } from './demo-app-launcher';
import { serveDemoApp, type DemoBehaviour } from './demo-app-server';

/** `shipgate demo-app start|serve ...`: the demo's deploy target, not a user command. */
export async function runDemoApp(args: readonly string[], self: string): Promise<number> {
  const names = ['dir', 'slot', 'sha', 'version', 'port', 'behaviour'] as const;
  const { positionals, values: options } = parseArgs({ args: [...args], options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), allowPositionals: true });
  const command = positionals[0];
  const need = (name: string) => {
    const value = options[name] as string | undefined;
    if (!value) throw new ShipgateError(`demo-app ${command} needs --${name}`);
    return value;
  };
  if (command === 'serve') {
    await serveDemoApp({ port: Number(need('port')), version: need('version'), behaviour: need('behaviour') as DemoBehaviour });
    return new Promise(() => {}); // serve until stopped
  }
  if (command === 'start') {
    await startDemoApp({ dir: need('dir'), slot: need('slot'), sha: need('sha'), version: need('version'), port: Number(need('port')), self });
    return 0;
  }
  throw new ShipgateError(`demo-app takes start or serve, not '${command ?? ''}'`);
}
