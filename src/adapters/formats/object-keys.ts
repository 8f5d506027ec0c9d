import type { JsonBytes, Words } from './json-bytes.js';
import type { ShapeRecorder } from './line-shapes.js';

/**
 * A scanner that reads a JSONL line's top-level object key by key: the key loop is here, what a
 * key's value is (and what reading it records) is the scanner's `value`.
 */
export abstract class ObjectKeyScanner {
  /**
   * The value of key `key` (the bit `1 << k` of the k-th known key) at `p` (after the colon and
   * any spaces): read and checked; the index after it, or −1 when unsure.
   */
  protected abstract value(key: number, p: number): number;

  /**
   * Read the line `start`..`end` (`json.end` already `end`) as one object of known keys (`keys`,
   * at most 31 of them), each at most once, reading each value with `value` and recording its
   * slot in `recorder` unless its bit is in `unslotted` (values the scanner records itself).
   * Returns the bits of the keys seen, or −1 when the line is not such an object (an empty one
   * included) or anything is unsure.
   */
  protected objectKeys(json: JsonBytes, keys: Words, unslotted: number, recorder: ShapeRecorder, start: number, end: number): number {
    let seen = 0;
    let p = json.space(start);
    if (json.at(p) !== 0x7b) return -1;
    p = json.space(p + 1);
    if (json.at(p) === 0x7d) return -1;
    for (;;) {
      const word = keys.match(json, p);
      if (word < 0) return -1;
      const key = 1 << word;
      if ((seen & key) !== 0) return -1;
      seen |= key;
      p = json.space(json.stop);
      if (json.at(p) !== 0x3a) return -1;
      const valueStart = json.space(p + 1);
      p = this.value(key, valueStart);
      if (p < 0) return -1;
      if ((key & unslotted) === 0) recorder.slot(key, 0, valueStart, p);
      p = json.space(p);
      const c = json.at(p);
      if (c === 0x7d) break;
      if (c !== 0x2c) return -1;
      p = json.space(p + 1);
    }
    if (json.space(p + 1) !== end) return -1;
    return seen;
  }
}
