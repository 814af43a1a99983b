import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** A real server (nginx, HAProxy, Prometheus) run in the foreground by a test; `stop` always ends it. */
export interface ForegroundServer {
  child: ChildProcess;
  /** Everything it printed, for the failure message when it does not come up. */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `argv` in its own process group (so stopping it also ends its workers) and waits until
 * 127.0.0.1:`port` accepts connections.
 */
export async function startForeground(argv: string[], port: number, timeoutMs = 15_000): Promise<ForegroundServer> {
  const [program, ...args] = argv as [string, ...string[]];
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-8000)));
  child.stderr?.on('data', (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-8000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let gone = false;
  void exited.then(() => (gone = true));
  const server: ForegroundServer = {
    child,
    output: () => printed,
    async stop() {
      if (gone || child.pid === undefined) return;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-(child.pid as number), signal);
        } catch {
          // Already gone.
        }
      };
      signalGroup('SIGTERM');
      const killed = setTimeout(() => signalGroup('SIGKILL'), 3000);
      await exited;
      clearTimeout(killed);
      // Workers left behind by a master that died first.
      signalGroup('SIGKILL');
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (gone || Date.now() > deadline) {
      await server.stop();
      throw new Error(`${argv.join(' ')} did not listen on 127.0.0.1:${port}:\n${printed}`);
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  return server;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The pids whose parent is `pid` (nginx's workers), from /proc. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
