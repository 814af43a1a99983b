import { describe, expect, it } from 'vitest';
import { oneLine } from './one-line';

describe('oneLine', () => {
  it('folds every run of line breaks and control characters, with the spaces around it, into one space', () => {
    expect(oneLine('boom\n::error title=PWN::x')).toBe('boom ::error title=PWN::x');
    expect(oneLine('a \r\n\r\n b\u2028c\u0085d\u001b[31me\u0000f')).toBe('a b c d [31me f');
  });

  it('leaves ordinary text alone, double spaces included', () => {
    expect(oneLine('canary error rate 4.1% > 1%  (p99)')).toBe('canary error rate 4.1% > 1%  (p99)');
  });
});
