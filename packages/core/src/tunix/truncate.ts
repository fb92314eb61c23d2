/** Per-stream cap on captured process output (FORMATS.md §7.5). */
export const OUTPUT_LIMIT_BYTES = 10240;

/**
 * Keeps at most `maxBytes` bytes of UTF-8 and appends a visible notice. The cut never splits
 * a character: an incomplete trailing sequence is dropped rather than turned into U+FFFD.
 */
export function truncateOutput(text: string | null | undefined, maxBytes = OUTPUT_LIMIT_BYTES): string {
  if (!text) return '';
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character…
  let lead = end;
  while (lead > 0 && (bytes[lead - 1]! & 0xc0) === 0x80) lead--;
  // …and keep that character only if all of its bytes fit.
  if (lead > 0) {
    const first = bytes[lead - 1]!;
    const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
    if (lead - 1 + width > end) end = lead - 1;
  }
  return `${bytes.subarray(0, end).toString('utf8')}\n\n[... output truncated to ${maxBytes} bytes ...]`;
}
