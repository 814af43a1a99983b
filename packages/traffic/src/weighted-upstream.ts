/**
 * The nginx upstream file shipgate rewrites. The user marks each server line with a trailing
 * `# canary` or `# stable` comment; shipgate only changes those lines' `weight=` and `down`
 * parameters and keeps everything else (other parameters, other lines, comments) as written:
 *
 *     upstream app {
 *         server 10.0.0.5:8080 max_fails=3;  # stable
 *         server 10.0.0.9:8080;              # canary
 *     }
 */

export type Track = 'canary' | 'stable';

interface ServerLine {
  index: number;
  track: Track;
  indent: string;
  address: string;
  /** Parameters other than weight= and down, as written. */
  params: string[];
  weight: number;
  down: boolean;
  comment: string;
}

const SERVER_LINE = /^(\s*)server\s+(\S+?)((?:\s+[^;#\s]+)*)\s*;\s*#\s*(canary|stable)\b(.*)$/;

function serverLines(text: string): ServerLine[] {
  const servers: ServerLine[] = [];
  text.split('\n').forEach((line, index) => {
    const match = SERVER_LINE.exec(line);
    if (!match) return;
    const [, indent = '', address = '', rawParams = '', track, rest = ''] = match;
    const all = rawParams.trim() === '' ? [] : rawParams.trim().split(/\s+/);
    const weightParam = all.find((param) => param.startsWith('weight='));
    servers.push({
      index,
      track: track as Track,
      indent,
      address,
      params: all.filter((param) => !param.startsWith('weight=') && param !== 'down'),
      weight: weightParam ? Number(weightParam.slice('weight='.length)) : 1,
      down: all.includes('down'),
      comment: `# ${track}${rest}`,
    });
  });
  return servers;
}

/** Why the file cannot be used, or undefined when it has at least one canary and one stable server. */
export function upstreamProblem(text: string): string | undefined {
  const servers = serverLines(text);
  const missing = (['canary', 'stable'] as const).filter((track) => !servers.some((server) => server.track === track));
  if (missing.length === 0) return undefined;
  return `has no server line marked ${missing.map((track) => `'# ${track}'`).join(' or ')}; mark each server of the upstream, e.g. 'server 10.0.0.9:8080;  # canary'`;
}

/** The canary's share in force, from the servers' weights and `down` marks; undefined if all are down. */
export function readUpstreamWeight(text: string): number | undefined {
  const servers = serverLines(text);
  const total = (track: Track) => servers.filter((s) => s.track === track && !s.down).reduce((sum, s) => sum + s.weight, 0);
  const canary = total('canary');
  const stable = total('stable');
  if (canary + stable === 0) return undefined;
  return Math.round((canary / (canary + stable)) * 10_000) / 100;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The file with the canary at `canaryPercent`. nginx weights start at 1, so 0 % and 100 % mark
 * the other side's servers `down` (exact, and read back from the file); in between each canary
 * server gets weight w × stableServers and each stable one (100 − w) × canaryServers, reduced,
 * so the canary side's total share is exactly w % (10 % with one server each = 1 and 9).
 */
export function writeUpstreamWeight(text: string, canaryPercent: number): string {
  const servers = serverLines(text);
  const count = (track: Track) => servers.filter((s) => s.track === track).length;
  const canaryServers = count('canary');
  const stableServers = count('stable');
  let canaryWeight = canaryPercent * stableServers;
  let stableWeight = (100 - canaryPercent) * canaryServers;
  const divisor = gcd(canaryWeight, stableWeight) || 1;
  canaryWeight /= divisor;
  stableWeight /= divisor;
  const lines = text.split('\n');
  for (const server of servers) {
    const weight = server.track === 'canary' ? canaryWeight : stableWeight;
    const params = [...server.params];
    if (weight === 0) params.push('down');
    else if (weight > 1) params.unshift(`weight=${weight}`);
    lines[server.index] = `${server.indent}server ${[server.address, ...params].join(' ')};  ${server.comment}`;
  }
  return lines.join('\n');
}
