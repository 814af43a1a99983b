import { existsSync } from 'node:fs';
import { formatDuration, ShipgateError, type InputSource } from '@shipgate/core';
import { runtimeApiCommand } from './haproxy-runtime-api';
import { checkWeight, stillInForce, type RouterContext, type RouterDefinition, type TrafficRouter } from './router';

const SOCKET = 'haproxy-socket';
const BACKEND = 'haproxy-backend';
const CANARY = 'haproxy-canary-server';
const STABLE = 'haproxy-stable-server';

type Track = 'canary' | 'stable';

/** HAProxy's refusal as one error naming the input that holds the wrong value. */
function refusal(answer: string, command: string, serverInput: string): ShipgateError {
  const said = `HAProxy answered '${command}' with '${answer.slice(0, 120)}'`;
  if (/no such backend/i.test(answer)) return new ShipgateError(`names no backend HAProxy knows: ${said}`, BACKEND);
  if (/no such server/i.test(answer)) return new ShipgateError(`names no server of that backend: ${said}`, serverInput);
  if (/permission denied/i.test(answer)) return new ShipgateError(`must be an admin-level socket ('stats socket ... level admin'): ${said}`, SOCKET);
  return new ShipgateError(`was refused: ${said}`, BACKEND);
}

/** A ShipgateError's message without its "Input 'x' " prefix, to wrap it in a longer sentence. */
function bareMessage(error: ShipgateError): string {
  return error.input ? error.message.slice(`Input '${error.input}' `.length) : error.message;
}

/**
 * HAProxy: sets the canary and stable servers' weights over the Runtime API (admin socket,
 * Node's own `net`). Weights are the percentages themselves (canary w, stable 100 − w; HAProxy
 * accepts 0–256), so 0 % and 100 % are exact: weight 0 takes no new requests. Nothing is
 * written to disk: a restart of HAProxy returns to the weights in its config file.
 */
export const haproxyRouter: RouterDefinition = {
  name: 'haproxy',
  inputs: [SOCKET, BACKEND, CANARY, STABLE],
  create(inputs: InputSource, context: RouterContext): TrafficRouter {
    const required = (name: string, example: string) => {
      const value = inputs(name);
      if (value === '') throw new ShipgateError(`is required when router is haproxy, e.g. ${example}`, name);
      return value;
    };
    const socket = required(SOCKET, '/run/haproxy/admin.sock or 127.0.0.1:9999');
    const backend = required(BACKEND, 'app');
    const servers = { canary: required(CANARY, 'v2'), stable: required(STABLE, 'v1') };
    if (!/:\d+$/.test(socket) && !existsSync(socket)) {
      throw new ShipgateError(`must be HAProxy's admin socket (stats socket ... level admin), a unix path or host:port; ${socket} does not exist`, SOCKET);
    }

    const call = (command: string) => runtimeApiCommand(socket, command, context.timeoutMs);

    const serverInput = { canary: CANARY, stable: STABLE };

    async function serverWeight(track: Track): Promise<number> {
      const command = `get weight ${backend}/${servers[track]}`;
      const answer = await call(command);
      const match = /^(\d+) \(initial \d+\)/.exec(answer);
      if (!match) throw refusal(answer, command, serverInput[track]);
      return Number(match[1]);
    }

    async function setServerWeight(track: Track, weight: number): Promise<void> {
      const command = `set server ${backend}/${servers[track]} weight ${weight}`;
      const answer = await call(command);
      // Success is an empty answer; anything else is HAProxy saying why not.
      if (answer !== '') throw refusal(answer, command, serverInput[track]);
    }

    async function readShare(): Promise<{ canary: number; stable: number; share: number | undefined }> {
      const canary = await serverWeight('canary');
      const stable = await serverWeight('stable');
      return { canary, stable, share: canary + stable === 0 ? undefined : Math.round((canary / (canary + stable)) * 10_000) / 100 };
    }

    return {
      name: 'haproxy',
      async setWeight(canaryPercent) {
        const weight = checkWeight(canaryPercent);
        const started = performance.now();
        let before: Awaited<ReturnType<typeof readShare>>;
        try {
          before = await readShare();
        } catch (error) {
          if (!(error instanceof ShipgateError)) throw error;
          throw new ShipgateError(`${bareMessage(error)}, so the canary weight could not be set to ${weight}%; nothing was changed`, error.input);
        }
        // Canary first, unless stable comes back from weight 0: then stable first. Either way the
        // share in between lies between the old and the new one. The order matters to HAProxy's
        // weighted round robin: a server that comes back from 0 after the other server changed is
        // queued behind the rest of the current round, and lowering a server before raising the
        // other upsets it too — measured on HAProxy 2.6, 100 % → 25 % canary-first sent no
        // request to the canary for the next ~250, and 25 % → 50 % stable-first sent it 55 %.
        const stableReturns = before.stable === 0 && weight < 100;
        const order: Array<[Track, number]> = stableReturns
          ? [
              ['stable', 100 - weight],
              ['canary', weight],
            ]
          : [
              ['canary', weight],
              ['stable', 100 - weight],
            ];
        const done: Array<[Track, number]> = [];
        try {
          for (const [track, value] of order) {
            await setServerWeight(track, value);
            done.push([track, before[track]]);
          }
        } catch (error) {
          // Put back what was changed, so the previous weight is whole again.
          for (const [track, value] of done) await setServerWeight(track, value).catch(() => undefined);
          if (!(error instanceof ShipgateError)) throw error;
          throw new ShipgateError(`${bareMessage(error)}, so the canary weight could not be set to ${weight}%; ${stillInForce(before.share)}`, error.input);
        }
        context.log(`haproxy router: canary weight ${weight}% (${backend}/${servers.canary} ${weight}, ${backend}/${servers.stable} ${100 - weight}) in ${formatDuration(performance.now() - started)}`);
      },
      async getWeight() {
        return (await readShare()).share;
      },
    };
  },
};
