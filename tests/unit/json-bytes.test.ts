import { describe, expect, it } from 'vitest';
import { JsonBytes, Words } from '../../src/adapters/formats/json-bytes.js';
import { mulberry32 } from '../../src/domain/metrics/bootstrap.js';

/** A reader positioned on `text` as one line. */
function reader(text: string | Buffer): JsonBytes {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const json = new JsonBytes(bytes);
  json.end = bytes.length;
  return json;
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

describe('JsonBytes.number', () => {
  it('reads every JSON number literal as JSON.parse does, and no other literal whole', () => {
    const rand = mulberry32(42);
    const pick = (chars: string): string => chars[Math.floor(rand() * chars.length)] ?? '';
    const digits = (most: number): string => Array.from({ length: Math.floor(rand() * most) }, () => pick('0123456789')).join('');
    for (let k = 0; k < 20000; k += 1) {
      const literal =
        (rand() < 0.3 ? '-' : rand() < 0.02 ? '+' : '') +
        (rand() < 0.2 ? '0' : '') +
        digits(rand() < 0.1 ? 30 : 6) +
        (rand() < 0.5 ? `.${digits(rand() < 0.1 ? 30 : 8)}` : '') +
        (rand() < 0.3 ? `${pick('eE')}${rand() < 0.5 ? pick('+-') : ''}${digits(rand() < 0.1 ? 6 : 3)}` : '');
      const json = reader(literal);
      const end = json.number(0);
      const expected = parsed(literal);
      if (expected.ok) {
        expect(end, literal).toBe(literal.length);
        expect(Object.is(json.value, expected.value), `${literal}: ${json.value} vs ${String(expected.value)}`).toBe(true);
      } else expect(end, literal).not.toBe(literal.length);
    }
  });
});

describe('JsonBytes.string and text', () => {
  it('reads every valid string literal as JSON.parse does, and no invalid one whole', () => {
    const rand = mulberry32(7);
    const pieces = ['a', 'Z', ' ', '"', '\\', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\uD83D\\uDE00', '\\ud800', '\\u12', '\\x', '\t', '\u0001', 'é', '☃', '😀', '\u007f'];
    for (let k = 0; k < 20000; k += 1) {
      const body = Array.from({ length: Math.floor(rand() * 6) }, () => pieces[Math.floor(rand() * pieces.length)] ?? '').join('');
      const literal = `"${body}"`;
      const json = reader(literal);
      const end = json.string(0);
      const expected = parsed(literal);
      if (expected.ok) {
        expect(end, literal).toBe(Buffer.byteLength(literal));
        expect(json.text(0, end), literal).toBe(expected.value);
      } else expect(end, literal).not.toBe(Buffer.byteLength(literal));
      // the skipping reader, four bytes at a time, ends where the reading one does
      expect(reader(literal).skipString(0), literal).toBe(end);
    }
  });

  it('skips long strings a word at a time and still stops at a quote, backslash or control byte anywhere', () => {
    const rand = mulberry32(11);
    const specials = ['"', '\\', '\\n', '\t', '\u0001', '\u001f', '\\u00e9', '\\x'];
    for (let k = 0; k < 5000; k += 1) {
      const length = Math.floor(rand() * 40);
      const chars = Array.from({ length }, () => (rand() < 0.5 ? 'é' : String.fromCharCode(0x20 + Math.floor(rand() * 0x5f))).replace(/["\\]/, 'x'));
      if (rand() < 0.7) chars.splice(Math.floor(rand() * (length + 1)), 0, specials[Math.floor(rand() * specials.length)] ?? '');
      for (const lead of ['', ' ', '  ', '   ']) {
        const text = `${lead}"${chars.join('')}" `;
        const json = reader(text);
        expect(json.skipString(lead.length), text).toBe(reader(text).string(lead.length));
      }
    }
  });

  it('decodes invalid UTF-8 as the JSONL reader (TextDecoder) does', () => {
    const bytes = Buffer.concat([Buffer.from('"a'), Buffer.from([0xff, 0xe2, 0x98, 0x41, 0xc3]), Buffer.from('"')]);
    const json = reader(bytes);
    const end = json.string(0);
    expect(end).toBe(bytes.length);
    expect(json.text(0, end)).toBe(JSON.parse(new TextDecoder('utf-8').decode(bytes)));
  });

  it('never reads past the end of the line', () => {
    const json = reader('"abc" "\\u00e9"');
    json.end = 4;
    expect(json.string(0)).toBe(-1);
    json.end = 12;
    expect(json.string(6)).toBe(-1);
  });
});

describe('JsonBytes.skipValue', () => {
  it('accepts exactly the values JSON.parse accepts, among these', () => {
    const values = ['{}', '[]', '{"a":[1,{"b":null}],"c":"d"}', '[true,false,null,-1.5e3]', '{"a":1,}', '[1,]', '{"a" 1}', '[1 2]', 'nul', 'tru', '{"a":[}', ' {"a" : 1 } ', '{"a":1,"a":2}'];
    for (const text of values) {
      const json = reader(text);
      const start = json.space(0);
      const end = start < text.length ? json.skipValue(start) : -1;
      const whole = end >= 0 && json.space(end) === text.length;
      expect(whole, text).toBe(parsed(text).ok);
    }
  });

  it('leaves nesting deeper than 64 to JSON.parse', () => {
    const deep = `${'['.repeat(70)}${']'.repeat(70)}`;
    expect(reader(deep).skipValue(0)).toBe(-1);
    const shallow = `${'['.repeat(60)}${']'.repeat(60)}`;
    expect(reader(shallow).skipValue(0)).toBe(shallow.length);
  });
});

describe('Words', () => {
  it('matches a whole literal spelling a word, and nothing else', () => {
    const words = new Words(['gray_area', 'gray_reason', 'id', 'späm', '']);
    const match = (text: string): [number, number] => {
      const json = reader(text);
      const index = words.match(json, 0);
      return [index, index < 0 ? -1 : json.stop];
    };
    expect(match('"gray_reason":1')).toEqual([1, 13]);
    expect(match('"gray_area"')).toEqual([0, 11]);
    expect(match('"id"')).toEqual([2, 4]);
    expect(match('"idx"')).toEqual([-1, -1]);
    expect(match('"i"')).toEqual([-1, -1]);
    expect(match('"\\u0069d"')).toEqual([-1, -1]);
    // not ASCII: left to a caller that decodes
    expect(match('"späm"')).toEqual([-1, -1]);
    expect(match('""')).toEqual([-1, -1]);
  });
});
