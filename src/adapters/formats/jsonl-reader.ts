import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

export interface JsonlLine {
  /** 1-based line number. */
  line: number;
  text: string;
}

/**
 * Streams a JSONL file line by line while hashing its bytes as stored, so that a million-item
 * golden set is checked in bounded memory and the manifest's sha256 is verified in the same pass.
 * Blank lines are skipped (but counted for line numbers). `torn` is true when the last line had
 * no newline — an interrupted append.
 */
export async function* readJsonlLines(
  path: string,
  onDone?: (summary: { sha256: string; lines: number; tornLastLine: boolean }) => void,
): AsyncGenerator<JsonlLine> {
  for await (const batch of readJsonlBatches(path, onDone)) yield* batch;
}

/**
 * `readJsonlLines` a chunk at a time: the same lines, numbers and summary, one array per block
 * read, so a million-line file costs a few thousand async steps instead of a million.
 */
export async function* readJsonlBatches(
  path: string,
  onDone?: (summary: { sha256: string; lines: number; tornLastLine: boolean }) => void,
): AsyncGenerator<JsonlLine[]> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    pending += decoder.decode(bytes, { stream: true });
    // scan with an index rather than re-slicing the remainder once per line
    const batch: JsonlLine[] = [];
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      const text = pending.slice(start, newline).replace(/\r$/, '');
      start = newline + 1;
      line += 1;
      if (text.trim() !== '') {
        lines += 1;
        batch.push({ line, text });
      }
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (batch.length > 0) yield batch;
  }
  pending += decoder.decode();
  const torn = pending.trim() !== '';
  if (torn) {
    line += 1;
    lines += 1;
    yield [{ line, text: pending }];
  }
  onDone?.({ sha256: hash.digest('hex'), lines, tornLastLine: torn });
}
