/**
 * Write the report fixtures (fixtures/report-*) from the datasets of the metric reference files,
 * so that the report tests can compare the assembled report with values computed by
 * scikit-learn / statsmodels / numpy on exactly the same data:
 *
 *   npx tsx scripts/write-report-fixtures.ts
 *
 * - report-hand: metrics-expected.json `binary.hand` (18 scored items, ties, a confident error at
 *   each end), with categories, slices, two gray flags and hostile item text for the renderers.
 * - report-panel: stats-expected.json agreement case `spam-panel` (14 items, 4 reviewers in two
 *   groups, labels only); the item without a prediction is a timeout here.
 * - report-triage: stats-expected.json triage case `example-2-like` (120 scored items).
 * - report-stratified: stats-expected.json `prevalence.stratified` (121 items in 4 strata, labels).
 *
 * Deterministic: the same reference files give the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const reference = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'tests', 'reference', name), 'utf8'));

const LABELS = ['spam', 'not_spam'];
const label = (positive: boolean): string => (positive ? 'spam' : 'not_spam');

interface FixtureItem {
  id: string;
  text: string;
  label: string;
  category?: string;
  gray_area?: boolean;
  gray_reason?: string;
  reviews?: { reviewer: string; label: string; group?: string }[];
  slices?: Record<string, string>;
  stratum?: string;
}

type Outcome =
  | { id: string; prediction: { label: string; score?: number; category?: string } }
  | { id: string; error: { kind: 'timeout' | 'transport' | 'invalid_output' | 'rate_limited' | 'refused'; message: string } };

interface Fixture {
  name: string;
  description: string;
  categories?: Record<string, { description: string }>;
  strata?: Record<string, { population: number }>;
  items: FixtureItem[];
  candidate: { id: string; type: string };
  outcomes: Outcome[];
  settings: Record<string, unknown>;
}

const SETTINGS_BASE = {
  gates: [] as string[],
  error_budget: 0.05,
  bootstrap: { replicates: 2000, seed: 12345 },
};

function writeFixture(fixture: Fixture): void {
  const dir = join(ROOT, 'fixtures', fixture.name);
  rmSync(dir, { recursive: true, force: true });
  const setDir = join(dir, 'golden-sets', fixture.name, '1.0.0');
  const runDir = join(dir, 'runs', `${fixture.candidate.id}`);
  mkdirSync(setDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const itemsText = fixture.items.map((item) => `${JSON.stringify(item)}\n`).join('');
  const sha256 = createHash('sha256').update(itemsText).digest('hex');
  const manifest = {
    schema_version: 1,
    name: fixture.name,
    version: '1.0.0',
    description: fixture.description,
    labels: LABELS,
    positive: 'spam',
    ...(fixture.categories ? { categories: fixture.categories } : {}),
    created_at: '2026-11-25T00:00:00Z',
    parent: null,
    changelog: [{ version: '1.0.0', date: '2026-11-25', message: 'written by scripts/write-report-fixtures.ts' }],
    count: fixture.items.length,
    sha256,
    ...(fixture.strata ? { strata: fixture.strata } : {}),
  };
  writeFileSync(join(setDir, 'items.jsonl'), itemsText);
  writeFileSync(join(setDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const records = fixture.outcomes.map((outcome) =>
    'error' in outcome
      ? { id: outcome.id, status: 'error', error: outcome.error, attempts: 3, latencyMs: 30000 }
      : { id: outcome.id, status: 'ok', prediction: outcome.prediction, attempts: 1, latencyMs: 12 },
  );
  const errors = records.filter((record) => record.status === 'error');
  const byKind: Record<string, number> = {};
  for (const outcome of fixture.outcomes) if ('error' in outcome) byKind[outcome.error.kind] = (byKind[outcome.error.kind] ?? 0) + 1;
  const run = {
    schema_version: 1,
    run_id: `20261125T120000Z-${fixture.candidate.id}`,
    tool: { name: 'spameval', version: '0.1.0' },
    suite: { file: null, name: fixture.name },
    candidate: { ...fixture.candidate, fingerprint: createHash('sha256').update(fixture.candidate.id).digest('hex'), config: { ...fixture.candidate } },
    golden_set: { name: fixture.name, version: '1.0.0', sha256, count: fixture.items.length, path: `../../golden-sets/${fixture.name}/1.0.0` },
    shard: null,
    status: 'complete',
    started_at: '2026-11-25T12:00:00.000Z',
    finished_at: '2026-11-25T12:01:00.000Z',
    elapsed_seconds: 60,
    counts: {
      items: fixture.items.length,
      done: records.length,
      ok: records.length - errors.length,
      errors: errors.length,
      cached: 0,
      errors_by_kind: byKind,
    },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    settings: fixture.settings,
    resumes: 0,
  };
  writeFileSync(join(runDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(runDir, 'predictions.jsonl'), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  process.stdout.write(`wrote ${dir}\n`);
}

// ---------------------------------------------------------------------------------------------

const Hand = z.object({ binary: z.object({ hand: z.object({ inputs: z.object({ scores: z.array(z.number()), gold: z.array(z.number()) }) }) }) });

/** Hostile texts: spreadsheet formulas, HTML, Markdown, mentions, terminal escapes, bidi override. */
const HOSTILE: Record<number, string> = {
  16: '=HYPERLINK("http://evil.example","win") <script>alert(1)</script> | **bold** @everyone \u001b[31mRED\u001b[0m \u202Eevil',
  17: '+cmd|\' /C calc\'!A0 ![x](http://evil.example/x.png) <img src=x onerror=alert(1)> `code` # heading',
};

function handFixture(): Fixture {
  const { scores, gold } = Hand.parse(reference('metrics-expected.json')).binary.hand.inputs;
  let spamSeen = 0;
  const items = scores.map((_, i): FixtureItem => {
    const positive = gold[i] === 1;
    const id = `h${String(i + 1).padStart(2, '0')}`;
    const item: FixtureItem = {
      id,
      text: HOSTILE[i] ?? `Message ${id}: ${positive ? 'limited offer, click now to claim your prize' : 'see you at the meeting tomorrow'}`,
      label: label(positive),
      slices: { surface: i % 2 === 0 ? 'pin' : 'comment' },
    };
    if (positive) item.category = spamSeen++ % 2 === 0 ? 'phishing' : 'promo';
    // two legitimate items that look like spam, flagged by a curator
    if (i === 2 || i === 5) {
      item.gray_area = true;
      item.gray_reason = 'promotional tone from a known sender';
    }
    return item;
  });
  return {
    name: 'report-hand',
    description: 'metrics-expected.json binary.hand: 18 scored items (ties, a confident error at each end)',
    categories: { phishing: { description: 'credential theft' }, promo: { description: 'unsolicited promotion' } },
    items,
    candidate: { id: 'scorer', type: 'predictions' },
    outcomes: items.map((item, i) => {
      const score = scores[i] ?? 0;
      const decided = score >= 0.5;
      // names a category when it flags: the gold one for spam, 'promo' for a false positive
      const category = decided ? (item.category ?? 'promo') : undefined;
      return { id: item.id, prediction: { label: label(decided), score, ...(category ? { category } : {}) } };
    }),
    settings: {
      ...SETTINGS_BASE,
      operating: { volume_per_day: 10000, aht_seconds: 45, cost_per_hour: 30, currency: 'USD', fp_cost: 1 },
      triage: { precision_target: 0.9, false_clear_target: 0.1, confidence: 0.95 },
      gates: ['precision >= 0.5', 'recall >= 0.9', 'error_rate <= 0.01'],
    },
  };
}

const Review = z.object({ reviewer: z.string(), label: z.string(), group: z.string().optional() });
const Stats = z.object({
  agreement: z.array(
    z.object({
      name: z.string(),
      items: z.array(z.object({ id: z.string(), label: z.string(), reviews: z.array(Review).optional(), gray_area: z.boolean().optional() })),
      predictions: z.record(z.string(), z.string()).optional(),
    }),
  ),
  triage: z.object({
    cases: z.array(z.object({ name: z.string(), items: z.array(z.object({ score: z.number().nullable().optional(), positive: z.boolean(), gray: z.boolean().optional() })) })),
  }),
  prevalence: z.object({
    stratified: z.object({
      strata: z.record(z.string(), z.object({ population: z.number() })),
      items: z.array(z.object({ id: z.string(), stratum: z.string(), gold: z.boolean(), decided: z.boolean() })),
    }),
  }),
});

function panelFixture(): Fixture {
  const stats = Stats.parse(reference('stats-expected.json'));
  const panel = stats.agreement.find((c) => c.name === 'spam-panel');
  if (!panel?.predictions) throw new Error('no spam-panel case');
  const predictions = panel.predictions;
  const items = panel.items.map((item): FixtureItem => ({
    id: item.id,
    text: `Panel item ${item.id}`,
    label: item.label,
    ...(item.reviews ? { reviews: item.reviews } : {}),
    ...(item.gray_area ? { gray_area: true } : {}),
  }));
  return {
    name: 'report-panel',
    description: 'stats-expected.json agreement case spam-panel: 14 items, 4 reviewers in 2 groups; a label-only candidate',
    items,
    candidate: { id: 'labeler', type: 'predictions' },
    outcomes: items.map((item) => {
      const predicted = predictions[item.id];
      return predicted === undefined
        ? { id: item.id, error: { kind: 'timeout', message: 'no answer within 30000 ms' } }
        : { id: item.id, prediction: { label: predicted } };
    }),
    settings: {
      ...SETTINGS_BASE,
      operating: { currency: 'USD', fp_cost: 9 },
      triage: { precision_target: 0.99, false_clear_target: 0.01, confidence: 0.95 },
    },
  };
}

function triageFixture(): Fixture {
  const stats = Stats.parse(reference('stats-expected.json'));
  const example = stats.triage.cases.find((c) => c.name === 'example-2-like');
  if (!example) throw new Error('no example-2-like case');
  const items = example.items.map((item, i): FixtureItem => ({
    id: `t${String(i + 1).padStart(3, '0')}`,
    text: `Triage item ${i + 1}`,
    label: label(item.positive),
    ...(item.gray ? { gray_area: true } : {}),
  }));
  return {
    name: 'report-triage',
    description: 'stats-expected.json triage case example-2-like: 120 scored items',
    items,
    candidate: { id: 'triager', type: 'predictions' },
    outcomes: example.items.map((item, i) => {
      const score = item.score ?? 0;
      return { id: items[i]?.id ?? '', prediction: { label: label(score >= 0.5), score } };
    }),
    settings: {
      ...SETTINGS_BASE,
      operating: { volume_per_day: 10000, aht_seconds: 45, cost_per_hour: 30, currency: 'USD', fp_cost: 1 },
      triage: { precision_target: 0.9, false_clear_target: 0.1, confidence: 0.95 },
    },
  };
}

function stratifiedFixture(): Fixture {
  const { strata, items } = Stats.parse(reference('stats-expected.json')).prevalence.stratified;
  return {
    name: 'report-stratified',
    description: 'stats-expected.json prevalence.stratified: 121 items sampled from 4 strata; a label-only candidate',
    strata,
    items: items.map((item) => ({ id: item.id, text: `Stratified item ${item.id}`, label: label(item.gold), stratum: item.stratum })),
    candidate: { id: 'stratified-labeler', type: 'predictions' },
    outcomes: items.map((item) => ({ id: item.id, prediction: { label: label(item.decided) } })),
    settings: {
      ...SETTINGS_BASE,
      operating: { volume_per_day: 10000, currency: 'USD', fp_cost: 1 },
      triage: { precision_target: 0.9, false_clear_target: 0.1, confidence: 0.95 },
    },
  };
}

for (const fixture of [handFixture(), panelFixture(), triageFixture(), stratifiedFixture()]) writeFixture(fixture);
