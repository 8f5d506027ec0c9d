import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultGoldenRoots, goldenRefOfRun, loadRunWithGolden } from './load-run-with-golden.js';
import { frameFromObjects } from '../domain/report/frame-from-objects.js';
import type { ReportFrame } from '../domain/report/report-frame.js';
import type { Manifest } from '../domain/golden/schema.js';
import { finishGoldenScan, goldenTotalsHold, type GoldenColumns } from '../adapters/stores/golden-columns.js';
import { GoldenScanner } from '../adapters/stores/golden-scanner.js';
import { ITEMS_FILE, loadManifest, resolveGoldenRef } from '../adapters/stores/golden-store.js';
import { frameFromColumns } from '../adapters/stores/frame-from-columns.js';
import { scanRunColumns } from '../adapters/stores/run-columns.js';
import { loadRunMeta, PREDICTIONS_FILE } from '../adapters/stores/run-store.js';

export interface LoadedReportFrame {
  frame: ReportFrame;
  /**
   * `columns` when the files were read straight into columns; `objects` when something in them
   * (an invalid or unusual line, a changed set, a torn last line…) sent the load down the object
   * path, `loadRunWithGolden` + `frameFromObjects`, which is also what reports any problem.
   */
  via: 'columns' | 'objects';
  /** Lines of a columnar load that were valid but unusual, read with JSON.parse one by one. */
  slowLines: number;
}

/**
 * The report frame of a run and the golden set it was made on: the same frame, and the same
 * `InputError`s, as `frameFromObjects(loadRunWithGolden(runDir, roots))`, without building an
 * object per item or record on valid files.
 */
export async function loadReportFrame(runDir: string, roots: readonly string[] = defaultGoldenRoots()): Promise<ReportFrame> {
  return (await readReportFrame(runDir, roots)).frame;
}

/** `loadReportFrame`, saying which way the frame was read. */
export async function readReportFrame(runDir: string, roots: readonly string[] = defaultGoldenRoots()): Promise<LoadedReportFrame> {
  let fast: LoadedReportFrame | undefined;
  try {
    fast = await columnarFrame(resolve(runDir), roots);
  } catch {
    // whatever went wrong, the object path meets it too and says so properly
    fast = undefined;
  }
  if (fast !== undefined) return fast;
  const { run, golden } = await loadRunWithGolden(runDir, roots);
  return { frame: frameFromObjects(golden, run), via: 'objects', slowLines: 0 };
}

/** The frame read from the bytes, or undefined when the object path must decide. */
async function columnarFrame(dir: string, roots: readonly string[]): Promise<LoadedReportFrame | undefined> {
  const meta = await loadRunMeta(dir);
  const predictionsFile = join(dir, PREDICTIONS_FILE);
  // read while the golden set is checked; a failure only means the object path decides
  const predictionsRead = existsSync(predictionsFile)
    ? readWhole(predictionsFile).catch(() => undefined)
    : Promise.resolve(Buffer.alloc(0));
  const goldenDir = resolveGoldenRef(goldenRefOfRun(meta, dir), roots);
  const manifest = await loadManifest(goldenDir);
  // a set changed since the run is refused (by the object path, with its message)
  if (manifest.sha256 !== meta.golden_set.sha256) return undefined;
  const goldenRead = await scanGoldenFile(join(goldenDir, ITEMS_FILE), manifest);
  if (goldenRead === undefined) return undefined;
  const golden = goldenRead.columns;
  const predictions = await predictionsRead;
  if (predictions === undefined) return undefined;
  const run = scanRunColumns(predictions, golden, manifest.labels);
  // the hash, computed on another thread meanwhile, is checked before the frame is used
  if (!goldenTotalsHold(golden, manifest, await goldenRead.sha256)) return undefined;
  if (run === undefined) return undefined;
  return { frame: frameFromColumns(manifest, meta, golden, run), via: 'columns', slowLines: golden.slowLines + run.slowLines };
}

const CHUNK = 8 * 1024 * 1024;

/**
 * Read and scan the golden items file at once: each chunk's whole lines are scanned while the
 * next chunk is being read. The sha256 of the bytes is computed by WebCrypto on libuv's thread
 * pool, off this thread, while the run's records are scanned. Undefined if a line is invalid, or
 * if the file changed size while being read.
 */
async function scanGoldenFile(file: string, manifest: Manifest): Promise<{ columns: GoldenColumns; sha256: Promise<string> } | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    const scanner = new GoldenScanner(bytes, manifest);
    let loaded = 0;
    let next = size > 0 ? handle.read(bytes, 0, Math.min(CHUNK, size), 0) : undefined;
    while (next !== undefined) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return undefined;
      loaded += bytesRead;
      // the next chunk lands past `loaded` while this one is hashed and scanned
      next = loaded < size ? handle.read(bytes, loaded, Math.min(CHUNK, size - loaded), loaded) : undefined;
      if (!scanner.scan(loaded, loaded === size)) {
        await next;
        return undefined;
      }
    }
    if (size === 0 && !scanner.scan(0, true)) return undefined;
    if ((await handle.read(Buffer.alloc(1), 0, 1, size)).bytesRead !== 0) return undefined;
    const columns = finishGoldenScan(scanner);
    if (columns === undefined) return undefined;
    const sha256 = webcrypto.subtle.digest('SHA-256', bytes).then((digest) => Buffer.from(digest).toString('hex'));
    // a rejection is seen where the hash is awaited; until then it must not count as unhandled
    sha256.catch(() => undefined);
    return { columns, sha256 };
  } finally {
    await handle.close();
  }
}

/** A whole file in one buffer, read in large chunks (the predictions, read while the golden set is scanned). */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let bytes = Buffer.allocUnsafeSlow(Math.max(size, 1));
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        // full at the size stat gave: look for bytes appended since, and make room for them
        if ((await handle.read(Buffer.alloc(1), 0, 1, length)).bytesRead === 0) break;
        const grown = Buffer.allocUnsafeSlow(bytes.length * 2);
        bytes.copy(grown, 0, 0, length);
        bytes = grown;
        continue;
      }
      const { bytesRead } = await handle.read(bytes, length, Math.min(CHUNK, bytes.length - length), length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return bytes.subarray(0, length);
  } finally {
    await handle.close();
  }
}

