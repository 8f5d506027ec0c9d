import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Streams `count` JSON lines to `file` in 4 MiB writes, hashing as it goes, so a benchmark can
 * generate a million-item golden set or run without holding it in memory. Returns the sha256 of
 * the bytes written (a manifest's `sha256`).
 */
export function writeJsonlFile(file, count, makeLine) {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let buffer = '';
  for (let i = 0; i < count; i += 1) {
    buffer += `${JSON.stringify(makeLine(i))}\n`;
    if (buffer.length > 1 << 22) {
      hash.update(buffer);
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  hash.update(buffer);
  writeSync(fd, buffer);
  closeSync(fd);
  return hash.digest('hex');
}
