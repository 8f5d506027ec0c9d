import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finishGoldenScan } from '../../src/adapters/stores/golden-columns.js';
import { GoldenScanner } from '../../src/adapters/stores/golden-scanner.js';
import { ManifestSchema, type Manifest } from '../../src/domain/golden/schema.js';
import {
  columnarOutcome,
  expectSameOutcome,
  objectOutcome,
  jsonl,
  pick,
  random,
  shuffled,
  strataManifest,
  validCorpus,
  manifestBase,
  type Case,
  type Outcome,
} from './report-frame-corpus.js';

function manifestOf(extra: Record<string, unknown>): Manifest {
  return ManifestSchema.parse({ ...manifestBase, count: 0, sha256: '0'.repeat(64), ...extra });
}

/**
 * The columnar report loader against the object path (`loadRunWithGolden` + `frameFromObjects`):
 * on valid files the same frame, read from the bytes; on anything else the same frame or the
 * same InputError, because it hands the files to the object path.
 */

const item = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, text: `text ${id}`, label: 'not_spam', ...extra });
const ok = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  status: 'ok',
  prediction: { label: 'spam', score: 0.5 },
  attempts: 1,
  latencyMs: 12,
  ...extra,
});
const lines = (values: unknown[]): string => values.map((value) => `${typeof value === 'string' ? value : JSON.stringify(value)}\n`).join('');

const baseItems = [
  item('a', { label: 'spam', category: 'scam', slices: { surface: 'pin' } }),
  item('b', { slices: { surface: 'comment', lang: 'en' } }),
  item('c', { gray_area: true, gray_reason: 'borderline' }),
  item('d', { label: 'spam', category: 'seo' }),
];
const baseRecords = [
  ok('a'),
  ok('b', { prediction: { label: 'not_spam' } }),
  { id: 'c', status: 'error', error: { kind: 'timeout', message: 'slow' }, attempts: 3, latencyMs: 30000 },
  ok('zz'),
];

function columnarFrame(outcome: Outcome): { via?: string; slowLines?: number } {
  if (!outcome.ok) throw new Error(`expected a frame, got ${outcome.message}`);
  return outcome;
}

describe('loadReportFrame on valid files', () => {
  it('reads a plain file from the bytes, without JSON.parse on any line', async () => {
    const outcome = await expectSameOutcome({ items: lines(baseItems), predictions: lines(baseRecords) });
    expect(columnarFrame(outcome)).toMatchObject({ via: 'columns', slowLines: 0 });
  });

  const variants = [
    { name: 'in order, compact', loose: false, shuffle: false },
    { name: 'shuffled records, loose JSON (key order, spaces, escapes, number spellings)', loose: true, shuffle: true },
    { name: 'strata, weights and reviews', loose: true, shuffle: true, strata: true, weights: true, reviews: true },
    { name: 'a shard', loose: false, shuffle: true, shard: { index: 2, count: 3 } },
    { name: 'a shard, strata and weights', loose: true, shuffle: false, shard: { index: 1, count: 2 }, strata: true, weights: true },
  ];
  for (const variant of variants) {
    it(`gives the object path's frame: ${variant.name}`, async () => {
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const rand = random(seed * 7919 + variants.indexOf(variant));
        const corpus = validCorpus(rand, 40 + seed * 15, variant);
        const records = variant.shuffle ? shuffled(rand, corpus.records) : corpus.records;
        const c: Case = {
          items: jsonl(rand, corpus.items, variant.loose),
          predictions: jsonl(rand, records, variant.loose),
          shard: variant.shard ?? null,
          ...(variant.strata ? { manifest: strataManifest } : {}),
        };
        const outcome = await expectSameOutcome(c);
        expect(columnarFrame(outcome).via).toBe('columns');
      }
    });
  }

  it('reads lines it is unsure of with JSON.parse, and still gives the same frame', async () => {
    const unusual = [
      `${JSON.stringify(item('e'))}\r`, // CRLF
      '', // blank line
      '   ',
      '{"id":"f","text":"x","label":"spam","label":"not_spam"}', // repeated key: the last wins
      '{"id":"g","text":"x","label":"not_spam","slices":{"b":"1","2":"x","a":"y"}}', // integer-like key goes first
      '{"id":"h","text":"x","label":"not_spam","slices":{"__proto__":"x","k":"v"}}',
      '{"id":"i","text":"x","label":"not_spam","slices":{"k":"1","k":"2"}}',
      '{"\\u0069d":"j","text":"x","label":"not_spam"}', // escaped key
      JSON.stringify(item('k', { reviews: [{ reviewer: 'a', label: 'spam' }, { reviewer: 'b', label: 'not_spam' }] })),
      JSON.stringify(item('l', { reviews: [] })),
      JSON.stringify(item('m', { fields: { deep: [[[[{ a: 1 }]]]] } })),
    ];
    const outcome = await expectSameOutcome({
      items: lines([...baseItems, ...unusual]),
      predictions: lines([...baseRecords, `${JSON.stringify(ok('e'))}\r`, '', JSON.stringify(ok('f')).replace('"status"', '"status":"error","status"')]),
    });
    expect(columnarFrame(outcome).via).toBe('columns');
    expect(columnarFrame(outcome).slowLines).toBeGreaterThan(5);
  });

  it('reads numbers exactly as JSON.parse does', async () => {
    const scores = ['0', '1', '-0', '0.5', '1e-7', '1E-7', '0.1e1', '10e-1', '0.30000000000000004', '0.12345678901234567890123', '1.0000000000000000000001e-0', '0.000001e+2', '5e-324', '0.9999999999999999999'];
    const weights = ['1', '2.5', '1e300', '1.7976931348623157e308', '5e-324', '123456789012345678901234567890', '0.1', '3.0e0'];
    const items = scores.map((_, k) => `{"id":"n${k}","text":"t","label":"spam","weight":${weights[k % weights.length]}}`);
    const records = scores.map((score, k) => `{"id":"n${k}","status":"ok","prediction":{"label":"spam","score":${score}},"attempts":${pick(random(k), ['1', '1.0', '2e0', '10E-1'])},"latencyMs":${pick(random(k + 1), ['0', '-0', '1.5', '1e3'])}}`);
    const outcome = await expectSameOutcome({ items: lines(items), predictions: lines(records) });
    expect(columnarFrame(outcome)).toMatchObject({ via: 'columns', slowLines: 0 });
  });

  it('decodes ids, labels and slices with escapes, non-ASCII and invalid UTF-8 as the object path does', async () => {
    const items = Buffer.concat([
      Buffer.from(lines([item('é☃😀', { slices: { surface: 'ünï' }, stratum: 's' }), item('q"\\/\t', { slices: { surface: '\u00fcn\u00ef' } })])),
      Buffer.from('{"id":"\\u00e9\\u2603","text":"x","label":"sp\\u0061m","category":"sc\\u0061m"}\n'),
      Buffer.from('{"id":"bad'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('","text":"'),
      Buffer.from([0xe2, 0x98]),
      Buffer.from('","label":"not_spam","slices":{"surface":"'),
      Buffer.from([0xf0, 0x9f]),
      Buffer.from('"}}\n'),
      Buffer.from('{"id":"\\ud800","text":"lone surrogate","label":"not_spam"}\n'),
    ]);
    const predictions = Buffer.concat([
      Buffer.from(lines([ok('é☃😀', { prediction: { label: 'ünsure', category: '\u00e9' } }), ok('q"\\/\t')])),
      Buffer.from('{"id":"\\u00e9\\u2603","status":"ok","prediction":{"label":"sp\\u0061m"},"attempts":1,"latencyMs":1}\n'),
      Buffer.from('{"id":"bad'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('","status":"ok","prediction":{"label":"'),
      Buffer.from([0xe2]),
      Buffer.from('"},"attempts":1,"latencyMs":1}\n'),
      Buffer.from('{"id":"\\ud800","status":"error","error":{"kind":"refused","message":"no"},"attempts":1,"latencyMs":1}\n'),
    ]);
    const outcome = await expectSameOutcome({ items, predictions });
    expect(columnarFrame(outcome).via).toBe('columns');
  });

  it('takes labels and categories outside ASCII from the manifest', async () => {
    const manifest = { labels: ['späm', 'ham'], positive: 'späm', categories: { 'sçam': { description: 'x' } } };
    const items = [item('a', { label: 'späm', category: 'sçam' }), item('b', { label: 'ham' }), '{"id":"c","text":"x","label":"sp\\u00e4m"}'];
    const records = [ok('a', { prediction: { label: 'späm' } }), ok('b', { prediction: { label: 'ham', category: 'sçam' } }), ok('c', { prediction: { label: 'sp\u00e4m' } })];
    const outcome = await expectSameOutcome({ items: lines(items), predictions: lines(records), manifest });
    expect(columnarFrame(outcome)).toMatchObject({ via: 'columns', slowLines: 0 });
  });

  it('handles a missing or empty predictions file, an items file without its last newline, and a set without categories', async () => {
    expect(columnarFrame(await expectSameOutcome({ items: lines(baseItems) })).via).toBe('columns');
    expect(columnarFrame(await expectSameOutcome({ items: lines(baseItems), predictions: '' })).via).toBe('columns');
    expect(columnarFrame(await expectSameOutcome({ items: lines(baseItems).trimEnd(), predictions: lines(baseRecords) })).via).toBe('columns');
    const plain = [item('a'), item('b', { label: 'spam' })];
    expect(columnarFrame(await expectSameOutcome({ items: lines(plain), predictions: lines(baseRecords), manifest: { categories: undefined } })).via).toBe('columns');
  });

  const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url));
  const fixtureRuns = readdirSync(fixtures).flatMap((scenario) => {
    const runs = join(fixtures, scenario, 'runs');
    return existsSync(runs) ? readdirSync(runs).map((run) => ({ scenario, runDir: join(runs, run) })) : [];
  });

  it.each(fixtureRuns.map(({ scenario, runDir }) => [`${scenario}/${runDir.split('/').pop()}`, scenario, runDir]))(
    'gives the object path\'s outcome on the fixture run %s',
    async (_name, scenario, runDir) => {
      const roots = [join(fixtures, scenario, 'golden-sets')];
      const columnar = await columnarOutcome(runDir, roots);
      const objects = await objectOutcome(runDir, roots);
      if (columnar.ok && objects.ok) {
        expect(columnar.frame).toEqual(objects.frame);
        expect(columnar.via).toBe('columns');
      } else expect(columnar.ok ? columnar : { ok: false, problems: columnar.problems, message: columnar.message }).toEqual(objects);
    },
  );

  it('matches records in near order (a run with calls in flight) and in no order (a merged run)', async () => {
    const rand = random(2718);
    const n = 2000;
    const items = Array.from({ length: n }, (_, k) => item(k % 7 === 0 ? `\u00e9${k}` : `i${k}`));
    const records = items.map((entry) => ok(String(entry.id)));
    // blocks of 10 shuffled, a few records far from their place, and unknown ids among them
    const near = records.flatMap((_, b) => (b % 10 === 0 ? shuffled(rand, records.slice(b, b + 10)) : []));
    for (let k = 0; k < 20; k += 1) near.push(...near.splice(Math.floor(rand() * near.length), 1));
    near.splice(500, 0, ok('nowhere'), ok('i'));
    for (const order of [near, shuffled(rand, records)]) {
      const outcome = await expectSameOutcome({ items: lines(items), predictions: lines(order) });
      expect(columnarFrame(outcome)).toMatchObject({ via: 'columns', slowLines: 0 });
    }
  });

  it('reads a large ordered file with no line left to JSON.parse', async () => {
    const n = 3000;
    const items = Array.from({ length: n }, (_, k) => item(`i${k}`, { slices: { surface: ['comment', 'pin', 'message'][k % 3] }, ...(k % 3 === 0 ? { label: 'spam', category: 'seo' } : {}) }));
    const records = Array.from({ length: n }, (_, k) => ok(`i${k}`, { prediction: { label: k % 2 ? 'spam' : 'not_spam', score: (k % 1000) / 1000 } }));
    const outcome = await expectSameOutcome({ items: lines(items), predictions: lines(records) });
    expect(columnarFrame(outcome)).toMatchObject({ via: 'columns', slowLines: 0 });
  });
});

describe('loadReportFrame on invalid or unusual files', () => {
  const itemCases: [string, unknown][] = [
    ['an unknown key', item('x', { colour: 'red' })],
    ['no id', { text: 't', label: 'spam' }],
    ['an empty id', item('')],
    ['no text', { id: 'x', label: 'spam' }],
    ['text not a string', item('x', { text: 3 })],
    ['an empty label', item('x', { label: '' })],
    ['a label outside the taxonomy', item('x', { label: 'maybe' })],
    ['an unknown category', item('x', { category: 'phish' })],
    ['gray_reason without gray_area', item('x', { gray_reason: 'r' })],
    ['gray_reason with gray_area false', item('x', { gray_area: false, gray_reason: 'r' })],
    ['gray_area not a boolean', item('x', { gray_area: 'yes' })],
    ['a zero weight', item('x', { weight: 0 })],
    ['a negative weight', item('x', { weight: -1 })],
    ['a weight as a string', item('x', { weight: '1' })],
    ['an infinite weight', '{"id":"x","text":"t","label":"spam","weight":1e400}'],
    ['a review with an unknown label', item('x', { reviews: [{ reviewer: 'a', label: 'maybe' }] })],
    ['a review without reviewer', item('x', { reviews: [{ label: 'spam' }] })],
    ['reviews not a list', item('x', { reviews: {} })],
    ['a slice value not a string', item('x', { slices: { surface: 3 } })],
    ['slices not an object', item('x', { slices: ['a'] })],
    ['fields not an object', item('x', { fields: [1] })],
    ['a duplicate id', item('a')],
    ['invalid JSON', '{"id":"x","text":"t","label":"spam"'],
    ['trailing text', `${JSON.stringify(item('x'))} x`],
    ['a raw tab in a string', '{"id":"x","text":"a\tb","label":"spam"}'],
    ['a bad escape', '{"id":"x","text":"a\\qb","label":"spam"}'],
    ['a number with a leading zero', '{"id":"x","text":"t","label":"spam","weight":01}'],
    ['a bare string', '"x"'],
    ['null', 'null'],
  ];
  for (const [name, line] of itemCases) {
    it(`items: ${name}`, async () => {
      const outcome = await expectSameOutcome({ items: lines([...baseItems, line]), predictions: lines(baseRecords) });
      expect(outcome.ok).toBe(false);
    });
  }

  const recordCases: [string, unknown][] = [
    ['an unknown key', ok('x', { colour: 'red' })],
    ['no attempts', { id: 'x', status: 'ok', prediction: { label: 'spam' }, latencyMs: 1 }],
    ['zero attempts', ok('x', { attempts: 0 })],
    ['fractional attempts', ok('x', { attempts: 1.5 })],
    ['attempts beyond a safe integer', '{"id":"x","status":"ok","prediction":{"label":"spam"},"attempts":9007199254740993,"latencyMs":1}'],
    ['a negative latency', ok('x', { latencyMs: -1 })],
    ['a score above 1', ok('x', { prediction: { label: 'spam', score: 1.5 } })],
    ['a negative score', ok('x', { prediction: { label: 'spam', score: -0.1 } })],
    ['a score as a string', ok('x', { prediction: { label: 'spam', score: '0.5' } })],
    ['an empty predicted label', ok('x', { prediction: { label: '' } })],
    ['an unknown prediction key', ok('x', { prediction: { label: 'spam', why: 'x' } })],
    ['an unknown status', ok('x', { status: 'maybe' })],
    ['no status', { id: 'x', prediction: { label: 'spam' }, attempts: 1, latencyMs: 1 }],
    ['an unknown error kind', { id: 'x', status: 'error', error: { kind: 'boom', message: 'm' }, attempts: 1, latencyMs: 1 }],
    ['an error without message', { id: 'x', status: 'error', error: { kind: 'timeout' }, attempts: 1, latencyMs: 1 }],
    ['an ok record with an error', ok('x', { error: { kind: 'timeout', message: 'm' } })],
    ['an error record marked cached', { id: 'x', status: 'error', error: { kind: 'timeout', message: 'm' }, attempts: 1, latencyMs: 1, cached: false }],
    ['usage without outputTokens', ok('x', { usage: { inputTokens: 1 } })],
    ['a negative cost', ok('x', { costUsd: -1 })],
    ['a golden item recorded twice', ok('a')],
    ['an unknown id recorded twice', ok('zz')],
    ['invalid JSON', '{"id":"x",'],
    ['a number as id', ok('x', { id: 1 })],
  ];
  for (const [name, line] of recordCases) {
    it(`predictions: ${name}`, async () => {
      const outcome = await expectSameOutcome({ items: lines(baseItems), predictions: lines([...baseRecords, line]) });
      expect(outcome.ok).toBe(false);
    });
  }

  it('a torn last prediction line is left to the object path (which drops it)', async () => {
    const outcome = await expectSameOutcome({ items: lines(baseItems), predictions: `${lines(baseRecords)}${JSON.stringify(ok('d'))}` });
    expect(columnarFrame(outcome).via).toBe('objects');
  });

  it('set-level problems: count, sha256, strata totals, a changed set, a BOM', async () => {
    const refused = async (c: Case): Promise<void> => {
      expect((await expectSameOutcome(c)).ok).toBe(false);
    };
    await refused({ items: lines(baseItems), manifest: { count: 5 } });
    await refused({ items: lines(baseItems), manifest: { sha256: 'a'.repeat(64) } });
    await refused({ items: lines(baseItems), recordedSha256: 'b'.repeat(64) });
    await refused({ items: lines([item('a', { stratum: 'high' })]), manifest: { strata: { high: { population: 10, sample: 2 } } } });
    await refused({ items: lines([item('a', { stratum: 'high' }), item('b', { stratum: 'high' })]), manifest: { strata: { high: { population: 1 } } } });
    await refused({ items: lines([item('a', { stratum: 'mid' })]), manifest: { strata: { high: { population: 10 } } } });
    const bom = await expectSameOutcome({ items: `\ufeff${lines(baseItems)}`, predictions: `\ufeff${lines(baseRecords)}` });
    expect(columnarFrame(bom).via).toBe('objects');
  });

  it('ids that differ in bytes but decode alike are duplicates, as in the object path', async () => {
    const items = Buffer.concat([Buffer.from('{"id":"a'), Buffer.from([0xff]), Buffer.from('","text":"t","label":"spam"}\n{"id":"a'), Buffer.from([0xfe]), Buffer.from('","text":"t","label":"spam"}\n')]);
    expect((await expectSameOutcome({ items })).ok).toBe(false);
    const escaped = lines([item('a'), '{"id":"\\u0061","text":"t","label":"spam"}']);
    expect((await expectSameOutcome({ items: escaped })).ok).toBe(false);
    const records = lines([ok('a'), '{"id":"\\u0061","status":"ok","prediction":{"label":"spam"},"attempts":1,"latencyMs":1}']);
    expect((await expectSameOutcome({ items: lines(baseItems), predictions: records })).ok).toBe(false);
  });

  it('fuzz: a byte inserted, deleted or replaced anywhere gives the object path outcome', async () => {
    const rand = random(20261125);
    const corpus = validCorpus(rand, 12, { strata: true, weights: true, reviews: true });
    const items = jsonl(rand, corpus.items, true);
    const predictions = jsonl(rand, corpus.records, true);
    const bytes = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\t', '\r', '\n', 'x', '0', '1', '-', '+', 'e', '.', 'u', 'n', 't', 'é', '\u0000'];
    let refused = 0;
    for (let round = 0; round < 160; round += 1) {
      const inItems = rand() < 0.5;
      const text = inItems ? items : predictions;
      const at = Math.floor(rand() * text.length);
      const roll = rand();
      const mutated =
        roll < 0.35
          ? text.slice(0, at) + pick(rand, bytes) + text.slice(at)
          : roll < 0.7
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + pick(rand, bytes) + text.slice(at + 1);
      const c: Case = inItems
        ? { items: mutated, predictions, manifest: strataManifest }
        : { items, predictions: mutated, manifest: strataManifest };
      const outcome = await expectSameOutcome(c);
      if (!outcome.ok) refused += 1;
    }
    // the mutations must have broken some files and left others valid, or the test proves little
    expect(refused).toBeGreaterThan(20);
    expect(refused).toBeLessThan(160);
  });
});

describe('GoldenScanner fed a file as it is read', () => {
  it('gives the same columns whatever the chunks the bytes arrive in', () => {
    const rand = random(314);
    const corpus = validCorpus(rand, 200, { strata: true, weights: true, reviews: true });
    const text = `${jsonl(rand, corpus.items, true)}\n${JSON.stringify(item('last'))}`; // a blank line, no final newline
    const bytes = Buffer.from(text);
    const manifest = { ...manifestOf(strataManifest), count: 201 };
    const whole = new GoldenScanner(bytes, manifest);
    expect(whole.scan(bytes.length, true)).toBe(true);
    for (const step of [1, 7, 100, 4096]) {
      const chunked = new GoldenScanner(Buffer.from(bytes), manifest);
      for (let loaded = Math.min(step, bytes.length); ; loaded = Math.min(loaded + step, bytes.length)) {
        expect(chunked.scan(loaded, loaded === bytes.length)).toBe(true);
        if (loaded === bytes.length) break;
      }
      const { bytes: _a, ...expected } = finishGoldenScan(whole) ?? {};
      const { bytes: _b, ...actual } = finishGoldenScan(chunked) ?? {};
      expect(actual).toEqual(expected);
    }
  });
});
