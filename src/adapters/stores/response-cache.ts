import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { cacheableAnswer, type CandidateAnswer } from '../../domain/run/candidate.js';
import { PredictionSchema, UsageSchema } from '../../domain/run/prediction.js';
import type { ResponseCache } from '../../engine/ports.js';

const CacheLineSchema = z.object({
  key: z.string(),
  answer: z.object({
    prediction: PredictionSchema,
    usage: UsageSchema.optional(),
    costUsd: z.number().optional(),
  }),
});

/**
 * Answers already paid for, one append-only JSONL file per candidate fingerprint, loaded into
 * memory at start. Appends are single writes, so a killed run leaves at worst one torn line,
 * which is skipped. Errors are never cached: a re-run retries them.
 */
export class JsonlResponseCache implements ResponseCache {
  private readonly entries = new Map<string, CandidateAnswer>();
  private fd: number | undefined;
  private readonly file: string;

  constructor(cacheDir: string, fingerprint: string) {
    mkdirSync(cacheDir, { recursive: true });
    this.file = join(cacheDir, `${fingerprint.slice(0, 32)}.jsonl`);
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const parsed = CacheLineSchema.safeParse(JSON.parse(line));
          if (parsed.success) this.entries.set(parsed.data.key, cacheableAnswer(parsed.data.answer));
        } catch {
          // a torn line from an interrupted write: that answer is simply not cached
        }
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CandidateAnswer | undefined {
    return this.entries.get(key);
  }

  set(key: string, answer: CandidateAnswer): void {
    this.entries.set(key, answer);
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, `${JSON.stringify({ key, answer })}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
