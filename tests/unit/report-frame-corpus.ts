import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readReportFrame } from '../../src/app/load-report-frame.js';
import { loadRunWithGolden } from '../../src/app/load-run-with-golden.js';
import { mulberry32 } from '../../src/domain/metrics/bootstrap.js';
import { InputError } from '../../src/domain/problems.js';
import { frameFromObjects } from '../../src/domain/report/frame-from-objects.js';
import type { ReportFrame } from '../../src/domain/report/report-frame.js';
import { tempDir } from '../helpers/golden-fixture.js';

/**
 * Golden sets and runs written byte for byte (to test a loader that reads bytes), and the
 * comparison of the columnar loader with the object path on them.
 */

export const manifestBase = {
  schema_version: 1,
  name: 'frame',
  version: '1.0.0',
  description: 'columnar loader corpus',
  labels: ['spam', 'not_spam'],
  positive: 'spam',
  categories: { scam: { description: 'scams' }, seo: { description: 'link spam' } },
  created_at: '2026-11-25T00:00:00Z',
  parent: null,
  changelog: [],
};

export interface Case {
  /** items.jsonl as written. */
  items: string | Buffer;
  /** predictions.jsonl as written; undefined = no file. */
  predictions?: string | Buffer;
  /** Manifest fields over `manifestBase`; count and sha256 are computed unless given. */
  manifest?: Record<string, unknown>;
  shard?: { index: number; count: number } | null;
  /** sha256 recorded in run.json, if not the manifest's. */
  recordedSha256?: string;
}

/** Non-blank lines, as the JSONL reader counts them. */
function countLines(text: string): number {
  return text.split('\n').filter((line) => line.replace(/\r$/, '').trim() !== '').length;
}

/** Write a golden set and a run on it; returns the run folder and the golden roots. */
export function writeCase(c: Case, root = tempDir('spameval-frame-')): { runDir: string; roots: string[] } {
  const goldenDir = join(root, 'golden-sets', 'frame', '1.0.0');
  mkdirSync(goldenDir, { recursive: true });
  const items = typeof c.items === 'string' ? Buffer.from(c.items) : c.items;
  writeFileSync(join(goldenDir, 'items.jsonl'), items);
  const sha256 = createHash('sha256').update(items).digest('hex');
  const manifest = { ...manifestBase, count: countLines(new TextDecoder().decode(items)), sha256, ...c.manifest };
  writeFileSync(join(goldenDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const runDir = join(root, 'runs', 'r');
  mkdirSync(runDir, { recursive: true });
  const meta = {
    schema_version: 1,
    run_id: '20261125T000000Z-c',
    tool: { name: 'spameval', version: '0.1.0' },
    suite: { file: null, name: 'frame' },
    candidate: { id: 'c', type: 'predictions', fingerprint: '0', config: { id: 'c', type: 'predictions' } },
    golden_set: {
      name: 'frame',
      version: '1.0.0',
      sha256: c.recordedSha256 ?? String(manifest.sha256),
      count: manifest.count,
      path: '../../golden-sets/frame/1.0.0',
    },
    shard: c.shard ?? null,
    status: 'complete',
    started_at: '2026-11-25T00:00:00.000Z',
    finished_at: '2026-11-25T00:01:00.000Z',
    elapsed_seconds: 60,
    counts: { items: 0, done: 0, ok: 0, errors: 0, cached: 0, errors_by_kind: {} },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    settings: {},
    resumes: 0,
  };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(meta, null, 2));
  if (c.predictions !== undefined) writeFileSync(join(runDir, 'predictions.jsonl'), c.predictions);
  return { runDir, roots: [join(root, 'golden-sets')] };
}

/** Every column of a frame, and every row's item and record, as plain values. */
export function snapshot(frame: ReportFrame): Record<string, unknown> {
  const rows = Array.from({ length: frame.rows }, (_, row) => row);
  const typed = (array: Int32Array | Uint8Array | Int8Array | Float64Array | null) =>
    array === null ? null : { type: array.constructor.name, values: Array.from(array) };
  return {
    manifest: frame.manifest,
    meta: frame.meta,
    goldenCount: frame.goldenCount,
    rows: frame.rows,
    ids: rows.map((row) => frame.id(row)),
    goldLabel: typed(frame.goldLabel),
    goldPositive: typed(frame.goldPositive),
    category: typed(frame.category),
    categoryNames: [...frame.categoryNames],
    gray: typed(frame.gray),
    weight: typed(frame.weight),
    stratum: typed(frame.stratum),
    stratumNames: [...frame.stratumNames],
    slices: frame.slices.map((slice) => ({ key: slice.key, values: [...slice.values], index: typed(slice.index) })),
    reviewedRows: typed(frame.reviewedRows),
    items: rows.map((row) => frame.item(row)),
    status: typed(frame.status),
    predictedLabel: typed(frame.predictedLabel),
    predictedLabelNames: [...frame.predictedLabelNames],
    predictedPositive: typed(frame.predictedPositive),
    score: typed(frame.score),
    predictedCategory: typed(frame.predictedCategory),
    predictedCategoryNames: [...frame.predictedCategoryNames],
    errorKind: typed(frame.errorKind),
    records: rows.map((row) => frame.record(row)),
    unknownRecords: frame.unknownRecords,
    outOfRange: [frame.rows, -1].map((row) => [caught(() => frame.item(row)), caught(() => frame.record(row))]),
  };
}

function caught(read: () => unknown): string {
  try {
    read();
    return 'no error';
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

export type Outcome =
  | { ok: true; frame: Record<string, unknown>; via?: string; slowLines?: number }
  | { ok: false; problems: unknown; message: string };

async function settle(load: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof InputError) return { ok: false, problems: error.problems, message: error.message };
    throw error;
  }
}

/** What the columnar loader gives on a case (with the way it read it). */
export function columnarOutcome(runDir: string, roots: string[]): Promise<Outcome> {
  return settle(async () => {
    const loaded = await readReportFrame(runDir, roots);
    return { ok: true, frame: snapshot(loaded.frame), via: loaded.via, slowLines: loaded.slowLines };
  });
}

/** What the object path gives on a case. */
export function objectOutcome(runDir: string, roots: string[]): Promise<Outcome> {
  return settle(async () => {
    const { run, golden } = await loadRunWithGolden(runDir, roots);
    return { ok: true, frame: snapshot(frameFromObjects(golden, run)) };
  });
}

/** The columnar loader's outcome equals the object path's; returns the columnar one. */
export async function expectSameOutcome(c: Case): Promise<Outcome> {
  const { runDir, roots } = writeCase(c);
  const columnar = await columnarOutcome(runDir, roots);
  const objects = await objectOutcome(runDir, roots);
  if (columnar.ok && objects.ok) expect(columnar.frame).toEqual(objects.frame);
  else expect(strip(columnar)).toEqual(objects);
  return columnar;
}

function strip(outcome: Outcome): Outcome {
  if (!outcome.ok) return outcome;
  const { frame } = outcome;
  return { ok: true, frame };
}

// --- a random corpus of valid files -------------------------------------------------------------

export type Random = () => number;

export const random = (seed: number): Random => mulberry32(seed);

export function pick<T>(rand: Random, options: readonly T[]): T {
  const value = options[Math.floor(rand() * options.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

const ID_STYLES = ['plain', 'plain', 'plain', 'unicode', 'escaped', 'long'] as const;

/** An id; `k` keeps ids distinct whatever the style. */
function idOf(rand: Random, k: number): string {
  switch (pick(rand, ID_STYLES)) {
    case 'unicode':
      return `é${k}-☃-😀`;
    case 'escaped':
      return `q"${k}\\/\t`;
    case 'long':
      return `item-${'x'.repeat(20)}-${k}`;
    default:
      return `i${k}`;
  }
}

const TEXTS = ['buy now', 'hello "friend"\nline two', 'tab\there', 'ünïcödé ☃ 😀', 'back\\slash', '', 'control \u0001 char', 'a'.repeat(300)];

/**
 * JSON text of a value with the freedom a hand-written or other tool's file has: keys in any
 * order, spaces and tabs between tokens, non-ASCII characters escaped or raw, numbers in other
 * spellings. `JSON.parse` of the result equals `JSON.parse(JSON.stringify(value))`.
 */
export function writeJson(rand: Random, value: unknown, style: { loose: boolean }): string {
  const space = (): string => (style.loose && rand() < 0.3 ? pick(rand, [' ', '  ', '\t', ' \t']) : '');
  if (typeof value === 'string') {
    if (!style.loose || rand() < 0.5) return JSON.stringify(value);
    // escape every non-ASCII character, and sometimes ASCII ones too
    let out = '';
    for (let k = 0; k < value.length; k += 1) {
      const char = value.charAt(k);
      const code = value.charCodeAt(k);
      if (char === '"' || char === '\\' || code < 0x20) out += JSON.stringify(char).slice(1, -1);
      else if (code > 0x7e || rand() < 0.1) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += char;
    }
    return `"${out}"`;
  }
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    if (!style.loose || rand() < 0.6) return text;
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return pick(rand, [`${value}.0`, `${value}e0`, `${value}E+0`]);
    return value.toExponential();
  }
  if (Array.isArray(value)) return `[${space()}${value.map((v) => writeJson(rand, v, style)).join(`${space()},${space()}`)}${space()}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (style.loose && rand() < 0.5) entries.sort(() => rand() - 0.5);
    // keys as JSON.stringify writes them: an escaped key is rare, and read with JSON.parse anyway
    const body = entries.map(([k, v]) => `${JSON.stringify(k)}${space()}:${space()}${writeJson(rand, v, style)}`);
    return `{${space()}${body.join(`${space()},${space()}`)}${space()}}`;
  }
  return JSON.stringify(value);
}

export interface Corpus {
  items: Record<string, unknown>[];
  records: Record<string, unknown>[];
}

/** Items and records covering what a report reads (valid against the schemas and the taxonomy). */
export function validCorpus(rand: Random, n: number, options: { strata?: boolean; weights?: boolean; reviews?: boolean } = {}): Corpus {
  const items: Record<string, unknown>[] = [];
  const records: Record<string, unknown>[] = [];
  for (let k = 0; k < n; k += 1) {
    const label = pick(rand, ['spam', 'not_spam', 'spam', 'not_spam', 'not_spam']);
    const item: Record<string, unknown> = { id: idOf(rand, k), text: pick(rand, TEXTS), label };
    if (label === 'spam' && rand() < 0.7) item.category = pick(rand, ['scam', 'seo']);
    if (rand() < 0.15) {
      item.gray_area = true;
      if (rand() < 0.5) item.gray_reason = 'borderline';
    } else if (rand() < 0.05) item.gray_area = false;
    if (rand() < 0.8) {
      const slices: Record<string, string> = { surface: pick(rand, ['comment', 'pin', 'message', 'ünï', 'a"b']) };
      if (rand() < 0.3) slices.lang = pick(rand, ['en', 'de', 'é']);
      if (rand() < 0.1) slices['x y'] = 'z';
      item.slices = rand() < 0.5 ? slices : Object.fromEntries(Object.entries(slices).reverse());
    }
    if (options.strata && rand() < 0.9) item.stratum = pick(rand, ['high', 'low', 'ünï']);
    if (options.weights && rand() < 0.8) item.weight = pick(rand, [1, 2.5, 0.001, 1e-7, 3]);
    if (options.reviews && rand() < 0.3) {
      item.reviews = Array.from({ length: Math.floor(rand() * 4) }, (_, j) => ({
        reviewer: pick(rand, ['ann', 'bob', 'cy', `r${j}`]),
        label: pick(rand, ['spam', 'not_spam']),
        ...(rand() < 0.3 ? { group: 'sme' } : {}),
      }));
    }
    if (rand() < 0.1) item.notes = 'a note';
    if (rand() < 0.1) item.fields = { from: 'x@y', n: [1, 2, { deep: null }], ok: true };
    items.push(item);
    const roll = rand();
    if (roll < 0.08) continue; // missing
    const common = { attempts: pick(rand, [1, 2, 3]), latencyMs: pick(rand, [0, 12, 30000, 1.5]) };
    if (roll < 0.16) {
      records.push({ id: item.id, status: 'error', error: { kind: pick(rand, ['timeout', 'rate_limited', 'transport', 'invalid_output', 'refused']), message: 'went wrong' }, ...common });
      continue;
    }
    const prediction: Record<string, unknown> = { label: pick(rand, ['spam', 'not_spam', 'spam', 'not_spam', 'maybe', 'ünsure']) };
    const score = rand();
    if (score < 0.8) prediction.score = pick(rand, [0, 1, 0.5, Math.round(rand() * 1e6) / 1e6, rand(), 1e-9]);
    if (rand() < 0.3) prediction.category = pick(rand, ['scam', 'seo', 'other', 'ünï']);
    if (rand() < 0.2) prediction.rationale = pick(rand, TEXTS);
    const record: Record<string, unknown> = { id: item.id, status: 'ok', prediction, ...common };
    if (rand() < 0.1) record.cached = rand() < 0.5;
    if (rand() < 0.1) record.usage = { inputTokens: 10, outputTokens: 2.5 };
    if (rand() < 0.1) record.costUsd = 0.0001;
    records.push(record);
  }
  // records for no golden item
  for (let k = 0; k < Math.floor(n / 20); k += 1) {
    records.push({ id: `unknown-${k}`, status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 1 });
  }
  return { items, records };
}

/** Shuffle (a copy) unless `ordered`. */
export function shuffled<T>(rand: Random, list: readonly T[]): T[] {
  const copy = [...list];
  for (let k = copy.length - 1; k > 0; k -= 1) {
    const j = Math.floor(rand() * (k + 1));
    [copy[k], copy[j]] = [copy[j] as T, copy[k] as T];
  }
  return copy;
}

export function jsonl(rand: Random, values: readonly unknown[], loose: boolean): string {
  return values.map((value) => `${writeJson(rand, value, { loose })}\n`).join('');
}

export const strataManifest = {
  strata: { high: { population: 1000, description: 'high' }, low: { population: 50000 }, 'ünï': { population: 1e6 } },
};
