/**
 * The byte-level layer of MIME: transfer encodings (RFC 2045), charsets, and encoded words in
 * headers (RFC 2047). Best effort throughout: mail from 2002 is often mislabelled, and a
 * readable approximation beats an exception.
 */

import { TextDecoder, TextEncoder } from 'node:util';
import { decodeWindows1252 } from './windows-1252.js';

const UTF8 = new TextEncoder();

/** `=XX` escapes become bytes, `=` at a line end joins lines; anything else is kept as its UTF-8 bytes. */
export function decodeQuotedPrintable(text: string): Uint8Array {
  // White space at a line end is transport padding (RFC 2045 rule 3); `=` before the line end is
  // a soft break, and the spaces before that `=` are text.
  const joined = text.replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const code = joined.charCodeAt(i);
    if (code === 0x3d && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // A raw non-ASCII character where QP should have escaped it: keep it, as UTF-8.
      const char = String.fromCodePoint(joined.codePointAt(i) ?? code);
      for (const byte of UTF8.encode(char)) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Base64 with whatever line breaks the sender left in. The encoded block ends at its padding, a
 * blank line, or the first line that is not base64: mailing lists append plain-text footers after it, and
 * read as base64 they are binary garbage. A truncated last quantum is dropped.
 */
export function decodeBase64(text: string): Uint8Array {
  let clean = '';
  for (const line of text.split('\n')) {
    const bare = line.trim();
    // A blank line after data ends the block: footers start with one, and may look like base64.
    if (bare === '') {
      if (clean !== '') break;
      continue;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(bare)) break;
    clean += bare.replace(/=+$/, '');
    if (bare.endsWith('=')) break;
  }
  return Uint8Array.from(Buffer.from(clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0)), 'base64'));
}

// Names seen in the corpus that TextDecoder does not know, mapped to the encoding they meant.
const CHARSET_ALIASES: Record<string, string> = {
  'chinesebig5': 'big5',
  'gb2312_charset': 'gb2312',
  'default': 'windows-1252',
  'default_charset': 'windows-1252',
  'unknown-8bit': 'windows-1252',
  'x-user-defined': 'windows-1252',
  'unicode': 'utf-16le',
};

function decoderFor(charset: string | undefined): TextDecoder | undefined {
  if (!charset) return undefined;
  const name = charset.trim().toLowerCase();
  try {
    return new TextDecoder(CHARSET_ALIASES[name] ?? name);
  } catch {
    return undefined;
  }
}

/**
 * Bytes to text in the declared charset. Bytes that form valid UTF-8 are read as UTF-8 when the
 * label is missing or a Latin-1 family one (mislabelled UTF-8 is common; Latin-1 text that happens
 * to be valid UTF-8 is not). Otherwise the label wins, and with no usable label, windows-1252: the
 * superset of Latin-1 that 2002 mail clients actually wrote.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  const declared = decoderFor(charset);
  const latinOrUtf8 =
    declared === undefined || declared.encoding === 'utf-8' || declared.encoding === 'windows-1252' || declared.encoding.startsWith('iso-8859');
  if (latinOrUtf8) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // not UTF-8: fall through to the label
    }
  }
  if (declared && declared.encoding !== 'utf-8' && declared.encoding !== 'windows-1252') return declared.decode(bytes);
  return decodeWindows1252(bytes);
}

/**
 * A part body as text. The corpus package stores messages as already-decoded strings, so an
 * 8-bit body is text already (its undecodable bytes lost to U+FFFD upstream); a pure-ASCII body
 * is re-read in its charset, which matters for 7-bit encodings such as ISO-2022-JP.
 */
export function decodeTransfer(body: string, transferEncoding: string | undefined, charset: string | undefined): string {
  const encoding = (transferEncoding ?? '').trim().toLowerCase();
  if (encoding === 'base64') return decodeBytes(decodeBase64(body), charset);
  if (encoding === 'quoted-printable') return decodeBytes(decodeQuotedPrintable(body), charset);
  if (charset && /^[\x00-\x7f]*$/.test(body)) return decodeBytes(Uint8Array.from(Buffer.from(body, 'latin1')), charset);
  return body;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** RFC 2047 `=?charset?B|Q?…?=` words in a header; white space between adjacent words is dropped. */
export function decodeEncodedWords(value: string): string {
  const adjacent = value.replace(/(\?=)\s+(?==\?)/g, '$1');
  return adjacent.replace(ENCODED_WORD, (_whole, charset: string, kind: string, payload: string) => {
    // RFC 2231 lets the charset carry a language suffix: `utf-8*en`.
    const name = charset.split('*')[0];
    const bytes =
      kind.toLowerCase() === 'b'
        ? decodeBase64(payload)
        : decodeQuotedPrintable(payload.replace(/_/g, ' '));
    return decodeBytes(bytes, name);
  });
}
