import { parseArgs } from 'node:util';
import { ShipgateError } from '@shipgate/core';
import { isRunning, startDemoApp } from './demo-app-launcher';
import { serveDemoApp, type DemoBehaviour } from './demo-app-server';
import { parseWeight } from './weighted-proxy';

const OPTIONS = {
  dir: { type: 'string' },
  repo: { type: 'string' },
  slot: { type: 'string' },
  sha: { type: 'string' },
  port: { type: 'string' },
  version: { type: 'string' },
  behaviour: { type: 'string' },
  admin: { type: 'string' },
  weight: { type: 'string' },
  parent: { type: 'string' },
} as const;

/** How often a demo app checks that the demo that started it is still running. */
const PARENT_POLL_MS = 1_000;

/**
 * `shipgate demo-app start|serve|set-weight|get-weight ...`: the demo's platform (its deploy
 * command, its apps, and its proxy's weight as canary-step's and rollback's router command),
 * not a user command.
 */
export async function runDemoApp(args: readonly string[], self: string): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  const [command] = positionals;
  const need = (name: keyof typeof OPTIONS) => {
    const value = values[name];
    if (!value) throw new ShipgateError(`demo-app ${command} needs --${name}`);
    return value;
  };
  switch (command) {
    case 'serve': {
      const parent = pid(need('parent'));
      await serveDemoApp({ port: Number(need('port')), version: need('version'), behaviour: need('behaviour') as DemoBehaviour });
      // Serve until stopped, or until the demo is gone: a demo killed with -9 (or by a closed
      // terminal) cannot stop its apps, so they stop themselves.
      setInterval(() => {
        if (!isRunning(parent)) process.exit(0);
      }, PARENT_POLL_MS);
      return new Promise(() => {});
    }
    case 'start':
      await startDemoApp({ dir: need('dir'), repo: need('repo'), slot: need('slot'), sha: need('sha'), port: Number(need('port')), self, parent: pid(need('parent')) });
      return 0;
    case 'set-weight': {
      const weight = parseWeight(need('weight'));
      if (weight === undefined) throw new ShipgateError(`demo-app set-weight: --weight is a percentage from 0 to 100, not '${values.weight}'`);
      console.log(await adminCall(need('admin'), { method: 'PUT', body: String(weight) }));
      return 0;
    }
    case 'get-weight':
      console.log(await adminCall(need('admin'), { method: 'GET' }));
      return 0;
    default:
      throw new ShipgateError(`demo-app takes start, serve, set-weight or get-weight, not '${command ?? ''}'`);
  }
}

function pid(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ShipgateError(`demo-app: --parent is a process id, not '${text}'`);
  return value;
}

/** One call to the demo proxy's admin endpoint; its answer is the weight in force. */
async function adminCall(adminUrl: string, init: { method: string; body?: string }): Promise<string> {
  const answer = await fetch(`${adminUrl}/weight`, { ...init, signal: AbortSignal.timeout(5_000) });
  const text = (await answer.text()).trim();
  if (!answer.ok) throw new ShipgateError(`the demo proxy answered HTTP ${answer.status}: ${text}`);
  return text;
}
