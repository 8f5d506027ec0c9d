/**
 * The text two items are compared on when looking for duplicates. NFKC folds the look-alike
 * forms spam uses to slip past exact matching (full-width letters, ligatures, compatibility
 * digits); zero-width characters and soft hyphens are dropped for the same reason; case and the
 * amount of whitespace carry no meaning for "is this the same message".
 */
export function normalizeText(text: string): string {
  // NFKC leaves ASCII unchanged and is the slowest step: skip it for the common case
  return (/^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKC'))
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * cyrb53 (bryc, public domain): a 53-bit string hash, so that a million texts can be compared in
 * a `Set<number>` (collision chance for 10⁶ texts ≈ 10⁶²/2⁵⁴ ≈ 6·10⁻⁵) instead of holding every
 * text in memory.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
