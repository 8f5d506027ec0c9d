import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Files larger than this (local model weights) are identified by size and mtime, not read. */
const HASH_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * sha256 of everything that changes a candidate's answers, as canonical JSON (object keys
 * sorted), so that the same configuration written in another key order has the same cache key.
 * Never pass a secret: the fingerprint is written to run.json.
 */
export function fingerprintOf(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** The content hash of a file a candidate depends on (script, module, model, predictions). */
export function fileDigest(path: string): string {
  const stat = statSync(path);
  if (stat.size > HASH_LIMIT_BYTES) return `size:${stat.size}:mtime:${stat.mtimeMs}`;
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Remove secret values (API keys, header tokens) from text before it can reach a record, a log
 * or a report: some servers echo the credential they rejected in their error message.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // very short values would blank out ordinary words; keys and tokens are long
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}
