import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultGoldenRoots, loadRunWithGolden } from '../../app/load-run-with-golden.js';
import { frameFromObjects } from '../../domain/report/frame-from-objects.js';
import type { ReportFrame } from '../../domain/report/report-frame.js';
import type { RunMeta } from '../../domain/run/run-meta.js';
import { goldenTotalsHold, scanGoldenColumns } from './golden-columns.js';
import { ITEMS_FILE, loadManifest, resolveGoldenRef } from './golden-store.js';
import { frameFromColumns } from './frame-from-columns.js';
import { scanRunColumns } from './run-columns.js';
import { loadRunMeta, PREDICTIONS_FILE } from './run-store.js';

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
    ? readWhole(predictionsFile, false).catch(() => undefined)
    : Promise.resolve({ bytes: Buffer.alloc(0), sha256: '' });
  const goldenDir = goldenDirOf(meta, dir, roots);
  const manifest = await loadManifest(goldenDir);
  // a set changed since the run is refused (by the object path, with its message)
  if (manifest.sha256 !== meta.golden_set.sha256) return undefined;
  const goldenRead = await readWhole(join(goldenDir, ITEMS_FILE), true);
  const golden = scanGoldenColumns(goldenRead.bytes, manifest);
  if (golden === undefined || !goldenTotalsHold(golden, manifest, goldenRead.sha256)) return undefined;
  const predictions = await predictionsRead;
  if (predictions === undefined) return undefined;
  const run = scanRunColumns(predictions.bytes, golden, manifest.labels);
  if (run === undefined) return undefined;
  return { frame: frameFromColumns(manifest, meta, golden, run), via: 'columns', slowLines: golden.slowLines + run.slowLines };
}

/**
 * The folder `loadGoldenOfRun` loads for this run (the recorded path, relative to the run
 * folder, if it is still there; else `name@version` from the roots). Must follow that rule.
 */
function goldenDirOf(meta: RunMeta, runDir: string, roots: readonly string[]): string {
  const recorded = meta.golden_set;
  const folder = resolve(runDir, recorded.path);
  return resolveGoldenRef(existsSync(folder) ? folder : `${recorded.name}@${recorded.version}`, roots);
}

const CHUNK = 8 * 1024 * 1024;

/**
 * A whole file in one buffer, with the sha256 of its bytes as stored (as `readJsonlBatches`
 * computes it), hashed chunk by chunk while the buffer is still in the cache.
 */
async function readWhole(file: string, hash: boolean): Promise<{ bytes: Buffer; sha256: string }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let bytes = Buffer.allocUnsafeSlow(Math.max(size, 1));
    const digest = hash ? createHash('sha256') : undefined;
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        // full at the size stat gave: look for bytes appended since, and make room for them
        const probe = Buffer.alloc(1);
        if ((await handle.read(probe, 0, 1, length)).bytesRead === 0) break;
        const grown = Buffer.allocUnsafeSlow(bytes.length * 2);
        bytes.copy(grown, 0, 0, length);
        bytes = grown;
        continue;
      }
      const { bytesRead } = await handle.read(bytes, length, Math.min(CHUNK, bytes.length - length), length);
      if (bytesRead === 0) break;
      digest?.update(bytes.subarray(length, length + bytesRead));
      length += bytesRead;
    }
    return { bytes: bytes.subarray(0, length), sha256: digest?.digest('hex') ?? '' };
  } finally {
    await handle.close();
  }
}

