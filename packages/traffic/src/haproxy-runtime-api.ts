import { createConnection, type Socket } from 'node:net';
import { ShipgateError } from '@shipgate/core';

const SOCKET = 'haproxy-socket';

/** `host:port` for a TCP stats socket, anything else is a unix socket path. */
function connect(address: string): Socket {
  const tcp = /^(?!\/)(?:ipv4@)?(.+):(\d+)$/.exec(address);
  return tcp ? createConnection({ host: tcp[1] as string, port: Number(tcp[2]) }) : createConnection({ path: address });
}

function unreachable(address: string, error: NodeJS.ErrnoException): ShipgateError {
  const why =
    error.code === 'ENOENT'
      ? 'there is no socket at that path'
      : error.code === 'ECONNREFUSED'
        ? 'nothing accepts connections there'
        : error.code === 'EACCES'
          ? 'permission denied'
          : error.message;
  return new ShipgateError(
    `must be HAProxy's admin socket (stats socket ... level admin), a unix path or host:port; ${address}: ${why}`,
    SOCKET,
  );
}

/**
 * Sends one command to HAProxy's Runtime API and returns its answer. In non-interactive mode
 * HAProxy answers and closes the connection, so the answer is everything up to the close.
 */
export function runtimeApiCommand(address: string, command: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(address);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new ShipgateError(`did not answer '${command}' within ${timeoutMs} ms (${address})`, SOCKET));
    });
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(address, error)));
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8').trim());
    });
  });
}
