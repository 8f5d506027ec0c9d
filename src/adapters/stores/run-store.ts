import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunSink } from '../../engine/ports.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { PredictionRecordSchema, type PredictionRecord } from '../../domain/run/prediction.js';
import { RunMetaSchema, type RunMeta } from '../../domain/run/run-meta.js';
import { zodProblems } from '../../domain/zod-problems.js';
import { parseJsonText } from '../formats/json-text.js';
import { readJsonlBatches, type JsonlLine } from '../formats/jsonl-reader.js';

export const RUN_FILE = 'run.json';
export const PREDICTIONS_FILE = 'predictions.jsonl';

export interface LoadedRun {
  dir: string;
  meta: RunMeta;
  /** One record per item id, in the order they finished. */
  records: PredictionRecord[];
  /** Bytes of an interrupted last line that was ignored (and is cut off on resume). */
  tornBytes: number;
}

/** A run id that sorts by time and says which candidate it is. */
export function newRunId(candidateId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${candidateId}`;
}

/** Write JSON so that a reader never sees half a file: temp file, fsync, rename. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export function createRunDir(runsDir: string, runId: string): string {
  const dir = resolve(runsDir, runId);
  if (existsSync(dir)) throw new InputError({ message: `run folder already exists: ${dir}` });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeRunMeta(dir: string, meta: RunMeta): void {
  writeJsonAtomic(join(dir, RUN_FILE), meta);
}

/**
 * Appends each record with one `write` on a file opened for append: once `append` returns, the
 * line is in the kernel and survives the process being killed. A torn tail left by an earlier
 * crash is cut off first, so the file stays valid JSONL.
 */
export class PredictionsFileSink implements RunSink {
  private readonly fd: number;

  constructor(dir: string, hasTornTail = false) {
    const file = join(dir, PREDICTIONS_FILE);
    if (hasTornTail && existsSync(file)) truncateSyncTail(file);
    this.fd = openSync(file, 'a');
  }

  append(record: PredictionRecord): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Cut the file just after its last newline (found by reading backwards), dropping a torn tail. */
function truncateSyncTail(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const read = readSync(fd, block, 0, end - start, start);
      const newline = block.subarray(0, read).lastIndexOf(0x0a);
      if (newline !== -1) {
        ftruncateSync(fd, start + newline + 1);
        return;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}

export async function loadRunMeta(dir: string): Promise<RunMeta> {
  const file = join(dir, RUN_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError({ file, message: 'not a run folder (no run.json)' });
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) throw new InputError(parsed.problem);
  const result = RunMetaSchema.safeParse(parsed.value);
  if (!result.success) throw new InputError(zodProblems(result.error, { file }));
  return result.data;
}

/** Read a run folder. A torn last line (the process died mid-write) is ignored and measured. */
export async function loadRun(dirArg: string): Promise<LoadedRun> {
  const dir = resolve(dirArg);
  const meta = await loadRunMeta(dir);
  const file = join(dir, PREDICTIONS_FILE);
  const records: PredictionRecord[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let tornBytes = 0;
  if (existsSync(file)) {
    let torn = false;
    const take = (entry: JsonlLine): void => {
      const parsed = parseJsonText(entry.text, file, entry.line);
      if (!parsed.ok) {
        problems.push(parsed.problem);
        return;
      }
      const result = PredictionRecordSchema.safeParse(parsed.value);
      if (!result.success) {
        problems.push(...zodProblems(result.error, { file, line: entry.line }));
        return;
      }
      if (seen.has(result.data.id)) {
        problems.push({ file, line: entry.line, field: 'id', message: `item '${result.data.id}' recorded twice` });
        return;
      }
      seen.add(result.data.id);
      records.push(result.data);
    };
    // the last line is held back until the end of the file says whether it is whole
    let last: JsonlLine | undefined;
    for await (const batch of readJsonlBatches(file, (done) => (torn = done.tornLastLine))) {
      for (const entry of batch) {
        if (last !== undefined) take(last);
        last = entry;
      }
    }
    // a last line without its newline was being written when the process died: even if it
    // parses, it is dropped and its item done again, so the file can be appended to cleanly
    if (last !== undefined) {
      if (torn) tornBytes = Buffer.byteLength(last.text, 'utf8');
      else take(last);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { dir, meta, records, tornBytes };
}
