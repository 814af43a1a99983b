import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { neutralisedOutput } from './neutralised-output';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

describe('neutralisedOutput', () => {
  it('neutralises workflow commands at a line start, even when `::` is split across chunks', () => {
    const target = sink();
    const out = neutralisedOutput(target.stream);
    out.stream.write('reloading\n:');
    out.stream.write(':error::FROM-ROUTER\n  ::set-output name=decision::hacked\r');
    out.stream.write(Buffer.from('::warning::no newline at the end'));
    out.flush();
    const lines = target.text().split('\n');
    expect(lines[0]).toBe('reloading');
    expect(lines.some((line) => /^\s*::/.test(line))).toBe(false);
    expect(target.text()).toContain('FROM-ROUTER');
    expect(target.text()).toContain('no newline at the end');
  });

  it('keeps a multi-byte character split across chunks whole', () => {
    const target = sink();
    const out = neutralisedOutput(target.stream);
    const bytes = Buffer.from('poids → 25 %\n');
    out.stream.write(bytes.subarray(0, 7));
    out.stream.write(bytes.subarray(7));
    out.flush();
    expect(target.text()).toBe('poids → 25 %\n');
  });
});
