import { describe, expect, it } from 'vitest';
import { truncateOutput } from '../src/tunix/truncate';

const NOTICE = '\n\n[... output truncated to 10240 bytes ...]';

describe('truncateOutput (FORMATS.md §7.5)', () => {
  it('returns empty text for empty or missing input', () => {
    expect(truncateOutput('')).toBe('');
    expect(truncateOutput(null)).toBe('');
    expect(truncateOutput(undefined)).toBe('');
  });

  it('leaves text within the limit unchanged', () => {
    const text = 'a'.repeat(10240);
    expect(truncateOutput(text)).toBe(text);
    expect(truncateOutput('é'.repeat(5120))).toBe('é'.repeat(5120));
  });

  it('cuts at the byte limit and appends the notice', () => {
    const out = truncateOutput('a'.repeat(10241));
    expect(out).toBe('a'.repeat(10240) + NOTICE);
    expect(Buffer.byteLength(out)).toBe(10240 + 43);
  });

  it('names the real limit in the notice', () => {
    expect(truncateOutput('abcdef', 3)).toBe('abc\n\n[... output truncated to 3 bytes ...]');
  });

  it('drops a multi-byte character split by the cut', () => {
    // 'a' + '€' (3 bytes) + ...: limits 1..3 fall inside or after the euro sign.
    expect(truncateOutput('a€b', 2)).toBe('a\n\n[... output truncated to 2 bytes ...]');
    expect(truncateOutput('a€b', 3)).toBe('a\n\n[... output truncated to 3 bytes ...]');
    expect(truncateOutput('a€b', 4)).toBe('a€\n\n[... output truncated to 4 bytes ...]');
    expect(truncateOutput('😀😀', 5)).toBe('😀\n\n[... output truncated to 5 bytes ...]');
    expect(truncateOutput('😀😀', 4)).toBe('😀\n\n[... output truncated to 4 bytes ...]');
    expect(truncateOutput('😀😀', 3)).toBe('\n\n[... output truncated to 3 bytes ...]');
  });

  it('never yields a replacement character at the 10 KB boundary', () => {
    for (let offset = 0; offset < 4; offset++) {
      const out = truncateOutput('x'.repeat(offset) + '😀'.repeat(4000));
      expect(out.endsWith(NOTICE)).toBe(true);
      const head = out.slice(0, -NOTICE.length);
      expect(head).not.toContain('\uFFFD');
      expect(Buffer.byteLength(head)).toBeLessThanOrEqual(10240);
      expect(Buffer.byteLength(head)).toBeGreaterThan(10236);
    }
  });
});
