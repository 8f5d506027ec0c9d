/**
 * Reading JSON values straight from the bytes of one line of a UTF-8 buffer, for loaders that
 * scan a million-line JSONL file without building an object (or a string) per line.
 *
 * Every reader is deliberately narrow: it accepts only what it is certain `JSON.parse` reads the
 * same way, and returns −1 for anything else, invalid or merely unusual (a carriage return, deep
 * nesting, a number `Number()` might round differently…). A caller treats −1 as "not sure" and
 * hands the whole line to `JSON.parse`, so these readers only ever have to be right on input
 * they accept.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const MAX_DEPTH = 64;
/** 10^0 … 10^22: every one exact in a double, so M / 10^k and M · 10^k round exactly once. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const TWO_TO_53 = 2 ** 53;

/** The first argument `JSON.parse` and `TextDecoder` are given: decode as the JSONL reader does. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** 0 for a byte that a string literal may hold as is and that needs no attention. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 0x20; c += 1) SPECIAL[c] = 1;
SPECIAL[QUOTE] = 1;
SPECIAL[BACKSLASH] = 1;
for (let c = 0x80; c < 0x100; c += 1) SPECIAL[c] = 1;

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
}

export class JsonBytes {
  /** Set by `string()`: whether the literal held an escape, and a byte ≥ 0x80. */
  escaped = false;
  nonAscii = false;
  /** Set by `number()`: the value, exactly as `JSON.parse` gives it. */
  value = 0;
  /** Exclusive end of the current line; no reader looks at or past it. */
  end = 0;
  /** Set by `Words.match`: the index after the literal it matched. */
  stop = 0;

  private readonly view: DataView;

  constructor(readonly bytes: Buffer) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Skip spaces and tabs (JSON's other whitespace, CR and LF, never reaches here or is "unsure"). */
  space(p: number): number {
    const b = this.bytes;
    const end = this.end;
    while (p < end) {
      const c = b[p];
      if (c !== 0x20 && c !== 0x09) break;
      p += 1;
    }
    return p;
  }

  /** The byte at `p` if it is inside the line, else −1. */
  at(p: number): number {
    return p < this.end ? (this.bytes[p] ?? -1) : -1;
  }

  /** A string literal starting at `p` (its opening quote); returns the index after its closing quote. */
  string(p: number): number {
    const b = this.bytes;
    const end = this.end;
    if (p >= end || b[p] !== QUOTE) return -1;
    let escaped = false;
    let nonAscii = false;
    p += 1;
    while (p < end) {
      const c = b[p] ?? 0;
      if (SPECIAL[c] === 0) {
        p += 1;
        continue;
      }
      if (c === QUOTE) {
        this.escaped = escaped;
        this.nonAscii = nonAscii;
        return p + 1;
      }
      if (c === BACKSLASH) {
        escaped = true;
        const e = p + 1 < end ? b[p + 1] : undefined;
        if (e === 0x75) {
          // \uXXXX: a lone surrogate is fine, JSON.parse keeps it as one UTF-16 unit
          if (p + 5 >= end || !isHex(b[p + 2]) || !isHex(b[p + 3]) || !isHex(b[p + 4]) || !isHex(b[p + 5])) return -1;
          p += 6;
          continue;
        }
        if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          p += 2;
          continue;
        }
        return -1;
      }
      if (c < 0x20) return -1;
      if (c >= 0x80) nonAscii = true;
      p += 1;
    }
    return -1;
  }

  /**
   * `string()` for a literal whose value is not needed: the same end (or −1), found four bytes at
   * a time where none of them is a quote, a backslash or a control character. Bytes ≥ 0x80 need
   * no attention here, so long texts in any script go at word speed.
   */
  skipString(p: number): number {
    const b = this.bytes;
    const end = this.end;
    if (p >= end || b[p] !== QUOTE) return -1;
    const view = this.view;
    p += 1;
    while (p < end) {
      if (p + 4 <= end) {
        // a byte equal to " or \, or below 0x20, sets its high bit here (the test is exact for
        // "any such byte"; a borrow only ever follows a byte that is one)
        const x = view.getInt32(p, true);
        const quote = x ^ 0x22222222;
        const backslash = x ^ 0x5c5c5c5c;
        const special = ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash) | ((x - 0x20202020) & ~x);
        if ((special & 0x80808080) === 0) {
          p += 4;
          continue;
        }
      }
      const c = b[p] ?? 0;
      if (c === QUOTE) return p + 1;
      if (c === BACKSLASH) {
        const e = p + 1 < end ? b[p + 1] : undefined;
        if (e === 0x75) {
          if (p + 5 >= end || !isHex(b[p + 2]) || !isHex(b[p + 3]) || !isHex(b[p + 4]) || !isHex(b[p + 5])) return -1;
          p += 6;
          continue;
        }
        if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          p += 2;
          continue;
        }
        return -1;
      }
      if (c < 0x20) return -1;
      p += 1;
    }
    return -1;
  }

  /**
   * The string value of the literal `[start, end)` that `string()` just read (quotes included),
   * as `JSON.parse` of the line decoded with `TextDecoder` gives it: invalid UTF-8 becomes U+FFFD,
   * and since a literal is bounded by ASCII quotes, decoding it alone decodes it as in the line.
   */
  text(start: number, end: number): string {
    if (!this.escaped) {
      return this.nonAscii ? utf8.decode(this.bytes.subarray(start + 1, end - 1)) : ascii(this.bytes, start + 1, end - 1);
    }
    const parsed: unknown = JSON.parse(utf8.decode(this.bytes.subarray(start, end)));
    return typeof parsed === 'string' ? parsed : '';
  }

  /** A JSON number at `p`; sets `value`. Refuses (−1) what is not a JSON number literal. */
  number(p: number): number {
    const b = this.bytes;
    const end = this.end;
    const start = p;
    let negative = false;
    if (p < end && b[p] === MINUS) {
      negative = true;
      p += 1;
    }
    let mantissa = 0;
    let c = p < end ? (b[p] ?? 0) : 0;
    if (c === ZERO) {
      p += 1;
    } else if (c > ZERO && c <= NINE) {
      while (p < end && (c = b[p] ?? 0) >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        p += 1;
      }
    } else return -1;
    let fractionDigits = 0;
    if (p < end && b[p] === DOT) {
      p += 1;
      const digits = p;
      while (p < end && (c = b[p] ?? 0) >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        p += 1;
      }
      fractionDigits = p - digits;
      if (fractionDigits === 0) return -1;
    }
    let exponent = 0;
    c = p < end ? (b[p] ?? 0) : 0;
    if (c === 0x65 || c === 0x45) {
      p += 1;
      let exponentNegative = false;
      c = p < end ? (b[p] ?? 0) : 0;
      if (c === MINUS || c === PLUS) {
        exponentNegative = c === MINUS;
        p += 1;
      }
      const digits = p;
      while (p < end && (c = b[p] ?? 0) >= ZERO && c <= NINE) {
        // capped: beyond this the exact path is not taken anyway
        if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
        p += 1;
      }
      if (p === digits) return -1;
      if (exponentNegative) exponent = -exponent;
    }
    const scale = exponent - fractionDigits;
    // Clinger's fast path: an exact integer mantissa and an exact power of ten give a correctly
    // rounded quotient or product, the same double any correct parser returns
    if (mantissa < TWO_TO_53 && scale >= -22 && scale <= 22) {
      const magnitude = scale < 0 ? mantissa / (POWERS_OF_TEN[-scale] ?? 1) : mantissa * (POWERS_OF_TEN[scale] ?? 1);
      this.value = negative ? -magnitude : magnitude;
    } else {
      this.value = Number(ascii(b, start, p));
    }
    return p;
  }

  /** `true` or `false` at `p`; sets `value` to 1 or 0. */
  boolean(p: number): number {
    const b = this.bytes;
    if (p + 4 <= this.end && b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
      this.value = 1;
      return p + 4;
    }
    if (p + 5 <= this.end && b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) {
      this.value = 0;
      return p + 5;
    }
    return -1;
  }

  /** Any JSON value at `p`, checked but not read (nesting deeper than 64 is "unsure"). */
  skipValue(p: number, depth = 0): number {
    const c = this.at(p);
    if (c === QUOTE) return this.skipString(p);
    if (c === 0x7b) return this.skipObject(p, depth + 1);
    if (c === 0x5b) return this.skipArray(p, depth + 1);
    if (c === 0x74 || c === 0x66) return this.boolean(p);
    if (c === 0x6e) return p + 4 <= this.end && this.bytes[p + 1] === 0x75 && this.bytes[p + 2] === 0x6c && this.bytes[p + 3] === 0x6c ? p + 4 : -1;
    return this.number(p);
  }

  /**
   * An object at `p` whose keys are not read: checked only. Duplicate keys are valid JSON (the
   * last one wins), which is all a caller that does not read the object needs.
   */
  skipObject(p: number, depth: number): number {
    if (depth > MAX_DEPTH || this.at(p) !== 0x7b) return -1;
    p = this.space(p + 1);
    if (this.at(p) === 0x7d) return p + 1;
    for (;;) {
      p = this.string(p);
      if (p < 0) return -1;
      p = this.space(p);
      if (this.at(p) !== 0x3a) return -1;
      p = this.skipValue(this.space(p + 1), depth);
      if (p < 0) return -1;
      p = this.space(p);
      const c = this.at(p);
      if (c === 0x7d) return p + 1;
      if (c !== 0x2c) return -1;
      p = this.space(p + 1);
    }
  }

  skipArray(p: number, depth: number): number {
    if (depth > MAX_DEPTH || this.at(p) !== 0x5b) return -1;
    p = this.space(p + 1);
    if (this.at(p) === 0x5d) return p + 1;
    for (;;) {
      p = this.skipValue(p, depth);
      if (p < 0) return -1;
      p = this.space(p);
      const c = this.at(p);
      if (c === 0x5d) return p + 1;
      if (c !== 0x2c) return -1;
      p = this.space(p + 1);
    }
  }

  /** Whether the bytes `[start, end)` spell `name` (ASCII names only). */
  spells(start: number, end: number, name: string): boolean {
    if (end - start !== name.length) return false;
    const b = this.bytes;
    for (let k = 0; k < name.length; k += 1) if (b[start + k] !== name.charCodeAt(k)) return false;
    return true;
  }
}

/** The line `[start, end)` decoded as the JSONL reader decodes it. */
export function decodeLine(bytes: Buffer, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/** Bytes known to be ASCII as a string; short ones without the cost of a native call. */
export function ascii(b: Buffer, start: number, end: number): string {
  const at = (k: number): number => b[start + k] ?? 0;
  switch (end - start) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(at(0));
    case 2:
      return String.fromCharCode(at(0), at(1));
    case 3:
      return String.fromCharCode(at(0), at(1), at(2));
    case 4:
      return String.fromCharCode(at(0), at(1), at(2), at(3));
    case 5:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4));
    case 6:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5));
    case 7:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6));
    case 8:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7));
    default:
      return b.toString('latin1', start, end);
  }
}

/**
 * A fixed list of words (keys, labels, enum values), each matched as a whole string literal in a
 * single pass over its bytes: no scan for the closing quote, then a lookup, then a comparison.
 * Only words a literal can spell without an escape (printable ASCII) are listed; a literal that
 * is none of them is for the caller to read another way.
 */
export class Words {
  private readonly spelled: Uint8Array[] = [];
  private readonly index: number[] = [];
  private readonly byFirst: number[][] = Array.from({ length: 128 }, () => []);

  constructor(words: readonly string[] = []) {
    words.forEach((word, k) => this.add(word, k));
  }

  get size(): number {
    return this.spelled.length;
  }

  /** List `word` as number `index`, if a literal can spell it without an escape. */
  add(word: string, index: number): void {
    if (word.length === 0 || !/^[\x20-\x7e]+$/.test(word) || word.includes('"') || word.includes('\\')) return;
    this.byFirst[word.charCodeAt(0)]?.push(this.spelled.length);
    this.spelled.push(Uint8Array.from(word, (c) => c.charCodeAt(0)));
    this.index.push(index);
  }

  /**
   * The index (in the list given) of the word the literal at `p` spells, its end (after the
   * closing quote) in `json.stop`; −1 if it spells none of them.
   */
  match(json: JsonBytes, p: number): number {
    const b = json.bytes;
    if (p + 1 >= json.end || b[p] !== QUOTE) return -1;
    const candidates = this.byFirst[b[p + 1] ?? 0];
    if (candidates === undefined) return -1;
    for (const candidate of candidates) {
      const word = this.spelled[candidate] ?? EMPTY;
      const close = p + 1 + word.length;
      if (close >= json.end || b[close] !== QUOTE) continue;
      let k = 1;
      while (k < word.length && word[k] === b[p + 1 + k]) k += 1;
      if (k === word.length) {
        json.stop = close + 1;
        return this.index[candidate] ?? -1;
      }
    }
    return -1;
  }
}

const EMPTY = new Uint8Array(0);
