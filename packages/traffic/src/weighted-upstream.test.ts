import { describe, expect, it } from 'vitest';
import { readUpstreamWeight, upstreamProblem, writeUpstreamWeight } from './weighted-upstream';

const file = `# traffic for app: shipgate rewrites the marked lines
upstream app {
    keepalive 8;
    server 127.0.0.1:8081 max_fails=3 fail_timeout=5s;  # stable (v1)
    server 127.0.0.1:8082;  # canary
}
`;

describe('weighted upstream file', () => {
  it('writes each weight so that reading the file back gives it, keeping the rest of the file', () => {
    for (let weight = 0; weight <= 100; weight++) {
      const written = writeUpstreamWeight(file, weight);
      expect(readUpstreamWeight(written)).toBe(weight);
      expect(written).toContain('keepalive 8;');
      expect(written).toContain('max_fails=3 fail_timeout=5s');
      expect(written).toContain('# stable (v1)');
      expect(written.split('\n')).toHaveLength(file.split('\n').length);
    }
  });

  it('uses small weights, marks the other side down at 0 % and 100 %, and rewrites its own output', () => {
    expect(writeUpstreamWeight(file, 10)).toContain('server 127.0.0.1:8081 weight=9 max_fails=3 fail_timeout=5s;  # stable (v1)');
    expect(writeUpstreamWeight(file, 10)).toContain('server 127.0.0.1:8082;  # canary');
    expect(writeUpstreamWeight(file, 0)).toContain('server 127.0.0.1:8082 down;  # canary');
    expect(writeUpstreamWeight(file, 100)).toContain('server 127.0.0.1:8081 max_fails=3 fail_timeout=5s down;  # stable (v1)');
    const twice = writeUpstreamWeight(writeUpstreamWeight(file, 0), 25);
    expect(twice).toBe(writeUpstreamWeight(file, 25));
    expect(twice).not.toContain('down');
  });

  it('splits the share over several servers per side', () => {
    const pool = `upstream app {\n  server a:1;  # stable\n  server b:1;  # stable\n  server c:1;  # canary\n}\n`;
    const written = writeUpstreamWeight(pool, 10);
    expect(readUpstreamWeight(written)).toBe(10);
    expect(written).toContain('server a:1 weight=9;');
    expect(written).toContain('server c:1 weight=2;');
  });

  it('says which mark is missing', () => {
    expect(upstreamProblem(file)).toBeUndefined();
    expect(upstreamProblem('upstream app {\n server a:1;  # stable\n}\n')).toMatch(/no server line marked '# canary'/);
    expect(upstreamProblem('upstream app { server a:1; }')).toMatch(/'# canary' or '# stable'/);
  });
});
