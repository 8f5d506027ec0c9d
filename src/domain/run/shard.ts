import type { Shard } from './run-meta.js';

/** FNV-1a, 32 bits: a stable hash of an id, so shard membership never depends on item order. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whether an item belongs to shard `index` of `count` (1-based). */
export function inShard(id: string, shard: Shard): boolean {
  return fnv1a32(id) % shard.count === shard.index - 1;
}

/** Parse `i/n` as given on the command line. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}
