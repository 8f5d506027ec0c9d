/**
 * windows-1252, by table. Node 20.18.3+ decodes the `windows-1252` label (and `latin1`,
 * `us-ascii`, which the Encoding Standard maps to it) as ISO-8859-1, turning 0x80-0x9F into
 * invisible C1 controls instead of € ‚ “ ” – — ™ … (nodejs/node#56542, #60888). 2002 mail is full
 * of them, so decode it here rather than trust the runtime.
 */

// WHATWG Encoding Standard index-windows-1252, bytes 0x80..0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D
// have no character and stay as their C1 code points, as browsers do).
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
] as const;

/** The character a windows-1252 byte (0..255) stands for. */
export function windows1252Char(byte: number): string {
  return String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? (HIGH[byte - 0x80] ?? byte) : byte);
}

export function decodeWindows1252(bytes: Uint8Array): string {
  const chars: string[] = [];
  for (const byte of bytes) chars.push(windows1252Char(byte));
  return chars.join('');
}
