import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROUP_NAMES, GROUPS, loadCorpus, type Corpus } from '../../scripts/lib/corpus.js';
import { GOLDEN_PARTITION, TEXT_CAP } from '../../scripts/lib/golden-partition.js';
import { partitionCorpus, prepareMessages, type Partition } from '../../scripts/lib/partition-corpus.js';
import { trainShippedModel } from '../../scripts/lib/shipped-model.js';
import { buildShippedSet, partitionShipped } from '../../scripts/lib/spamassassin-sets.js';
import { mutualInformation, NAIVE_BAYES_OPTIONS, serializeModel, trainNaiveBayes } from '../../scripts/lib/train-naive-bayes.js';
import { packageRoot } from '../../src/adapters/package-root.js';
import { createBuiltinCandidate, defaultNaiveBayesModelPath } from '../../src/adapters/candidates/builtin/index.js';
import { createNaiveBayesScorer, NaiveBayesModelSchema, type NaiveBayesModel } from '../../src/adapters/candidates/builtin/naive-bayes-model.js';
import { tokenize } from '../../src/adapters/candidates/builtin/tokenize.js';
import { ItemSchema, ManifestSchema, type Item } from '../../src/domain/golden/schema.js';
import { InputError } from '../../src/domain/problems.js';
import { tempDir } from '../helpers/golden-fixture.js';

const ROOT = packageRoot();
const SHIPPED = join(ROOT, 'golden-sets', 'spamassassin-public', '1.0.0');
const MODEL = join(ROOT, 'models', 'naive-bayes-v1.json');
const signal = new AbortController().signal;

function item(text: string, fields?: Item['fields']): Item {
  return { id: 'x', text, label: 'spam', ...(fields ? { fields } : {}) };
}

const CLEAR_SPAM = item(
  'Subject: FREE MONEY!!! Earn $5,000 per week from home\nFrom: offers@deals.example\n\n' +
    'Dear Friend, you have been selected! Click here to claim your FREE cash bonus. 100% GUARANTEED. ' +
    'Act now, this limited time offer expires today!!! To be removed from our list reply with REMOVE.',
  { content_type: 'text/html' },
);
const CLEAR_HAM = item(
  'Subject: Re: [ILUG] kernel patch for the sound driver\nFrom: Paul <paul@example.ie>\n\n' +
    'On Tue, 27 Aug 2002, David wrote:\n> the patch fails to apply on 2.4.19\n> any ideas?\n\n' +
    'Try it with -p1 from the top of the source tree; it compiled fine here with gcc 2.96 and the ' +
    'module loads. The bug was in the mixer code, see the cvs log.',
);

describe('tokenize', () => {
  it('lowercases words, prefixes header tokens, keeps $ and !', () => {
    expect(tokenize("Subject: FREE Offer!\nFrom: Bob <bob@x.com>\n\nDon't pay $5 at www.example.com!")).toEqual([
      'subject:free', 'subject:offer', 'subject:!', 'from:bob', 'from:bob', 'from:x.com',
      "don't", 'pay', '$', '5', 'at', 'www.example.com', '!',
    ]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('naive Bayes', () => {
  it('scores by the multinomial formula with Laplace smoothing and the temperature', () => {
    // By hand: alpha 1, |V| = 2, positive counts a 3, b 1 (total 4), negative a 1, b 3; priors 2:2.
    // θ+(a) = 4/6, θ-(a) = 2/6, θ+(b) = 2/6, θ-(b) = 4/6. "a a b": 2·ln 2 − ln 2 = ln 2;
    // temperature 2: σ(ln 2 / 2) = √2 / (1 + √2) = 0.585786…; empty text: σ(0) = 0.5.
    const model: NaiveBayesModel = NaiveBayesModelSchema.parse({
      ...JSON.parse(readFileSync(MODEL, 'utf8')),
      hyperparameters: { ...JSON.parse(readFileSync(MODEL, 'utf8')).hyperparameters, alpha: 1, temperature: 2 },
      documents: { positive: 2, negative: 2 },
      vocabulary: [['a', 3, 1], ['b', 1, 3]],
    });
    const scorer = createNaiveBayesScorer(model);
    expect(scorer.logOdds('a a b c')).toBeCloseTo(Math.LN2, 12);
    expect(scorer.score('a a b')).toBeCloseTo(Math.SQRT2 / (1 + Math.SQRT2), 12);
    expect(scorer.score('')).toBe(0.5);
  });

  it('ranks tokens by mutual information', () => {
    // A token in every positive and no negative document of a 2:2 set determines the class: ln 2.
    expect(mutualInformation([2, 0], [2, 2])).toBeCloseTo(Math.LN2, 12);
    // Equally common in both classes: independent of the class, 0.
    expect(mutualInformation([1, 1], [2, 2])).toBeCloseTo(0, 12);
  });

  it('trains deterministically: the same documents twice give byte-identical model files', () => {
    const { messages } = loadCorpus();
    const subset = GROUP_NAMES.flatMap((group) => messages.filter((message) => message.group === group).slice(0, 40));
    const documents = prepareMessages(subset, TEXT_CAP).map((message) => ({
      id: message.id,
      text: message.text,
      positive: message.label === 'spam',
    }));
    const options = { ...NAIVE_BAYES_OPTIONS, vocabularySize: 300, minDocumentFrequency: 2 };
    const description = { name: 'test', description: 'subset', trainingSet: { count: documents.length } };
    const first = serializeModel(trainNaiveBayes(documents, options, description));
    const second = serializeModel(trainNaiveBayes(documents.map((document) => ({ ...document })), options, description));
    expect(second).toBe(first);
    const model = NaiveBayesModelSchema.parse(JSON.parse(first));
    expect(model.vocabulary).toHaveLength(300);
    expect(model.documents).toEqual({ positive: 80, negative: 120 });
  });
});

describe('builtin candidates', () => {
  for (const name of ['naive-bayes', 'rules'] as const) {
    it(`${name}: scores a clear spam high and a clear ham low, always in [0, 1]`, async () => {
      const candidate = await createBuiltinCandidate({ id: name, name });
      expect(candidate.cacheable).toBe(false);
      const spam = (await candidate.classify(CLEAR_SPAM, signal)).prediction;
      const ham = (await candidate.classify(CLEAR_HAM, signal)).prediction;
      expect(spam.label).toBe('spam');
      expect(spam.score).toBeGreaterThan(0.9);
      expect(ham.label).toBe('not_spam');
      expect(ham.score).toBeLessThan(0.1);
      for (const text of ['', ' ', '\n\n', 'Subject: \nFrom: \n\n', `${'FREE $$$ !!! '.repeat(20_000)}`, 'ham '.repeat(50_000)]) {
        const { score } = (await candidate.classify(item(text), signal)).prediction;
        expect(Number.isNaN(score)).toBe(false);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    });
  }

  it('naive-bayes: an empty text gets the training prior, tempered', async () => {
    const model = NaiveBayesModelSchema.parse(JSON.parse(readFileSync(MODEL, 'utf8')));
    const { positive, negative } = model.documents;
    const expected = 1 / (1 + Math.exp(-Math.log(positive / negative) / model.hyperparameters.temperature));
    const candidate = await createBuiltinCandidate({ id: 'nb', name: 'naive-bayes' });
    expect((await candidate.classify(item(''), signal)).prediction.score).toBeCloseTo(expected, 12);
  });

  it('labels positive when score >= threshold', async () => {
    const rules = await createBuiltinCandidate({ id: 'r', name: 'rules' });
    const { score } = (await rules.classify(CLEAR_HAM, signal)).prediction;
    if (score === undefined) throw new Error('rules always score');
    const at = await createBuiltinCandidate({ id: 'r', name: 'rules', threshold: score });
    expect((await at.classify(CLEAR_HAM, signal)).prediction.label).toBe('spam');
    const above = await createBuiltinCandidate({ id: 'r', name: 'rules', threshold: Math.min(1, score * 1.0001) });
    expect((await above.classify(CLEAR_HAM, signal)).prediction.label).toBe('not_spam');
  });

  it('rules: explains which rules fired', async () => {
    const rules = await createBuiltinCandidate({ id: 'r', name: 'rules' });
    const { rationale } = (await rules.classify(CLEAR_SPAM, signal)).prediction;
    expect(rationale).toContain('CLICK_HERE (+1.5)');
    expect(rationale).toContain('HTML_ONLY (+1.2)');
  });

  it('fingerprints the model bytes and the threshold', async () => {
    const copy = join(tempDir(), 'model.json');
    writeFileSync(copy, readFileSync(MODEL));
    const shipped = await createBuiltinCandidate({ id: 'a', name: 'naive-bayes' });
    const sameBytes = await createBuiltinCandidate({ id: 'b', name: 'naive-bayes', modelPath: copy });
    const otherThreshold = await createBuiltinCandidate({ id: 'a', name: 'naive-bayes', threshold: 0.9 });
    expect(sameBytes.fingerprint).toBe(shipped.fingerprint);
    expect(otherThreshold.fingerprint).not.toBe(shipped.fingerprint);
    writeFileSync(copy, `${readFileSync(MODEL, 'utf8')}\n`);
    const edited = await createBuiltinCandidate({ id: 'a', name: 'naive-bayes', modelPath: copy });
    expect(edited.fingerprint).not.toBe(shipped.fingerprint);
    const rules = await createBuiltinCandidate({ id: 'a', name: 'rules' });
    expect(rules.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(rules.fingerprint).not.toBe(shipped.fingerprint);
  });

  it('reports bad configuration as input errors naming the file and field', async () => {
    await expect(createBuiltinCandidate({ id: 'a', name: 'rules', threshold: 1.5 })).rejects.toThrow(InputError);
    await expect(createBuiltinCandidate({ id: 'a', name: 'rules', modelPath: MODEL })).rejects.toThrow(/no model file/);
    await expect(createBuiltinCandidate({ id: 'a', name: 'naive-bayes', modelPath: '/nonexistent/model.json' })).rejects.toThrow(
      /cannot read the naive-Bayes model/,
    );
    const broken = join(tempDir(), 'model.json');
    writeFileSync(broken, JSON.stringify({ ...JSON.parse(readFileSync(MODEL, 'utf8')), vocabulary: [['a', -1, 0]] }));
    const error: unknown = await createBuiltinCandidate({ id: 'a', name: 'naive-bayes', modelPath: broken }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect(error instanceof InputError ? error.problems[0] : undefined).toMatchObject({ file: broken, field: 'vocabulary.0.1' });
  });

  it('rejects a call whose signal is already aborted', async () => {
    const candidate = await createBuiltinCandidate({ id: 'a', name: 'rules' });
    await expect(candidate.classify(CLEAR_HAM, AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
  });

  it('finds the shipped model from the package root', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name).toBe('spameval');
    expect(defaultNaiveBayesModelPath()).toBe(MODEL);
  });
});

describe('shipped golden set', () => {
  const itemsBytes = readFileSync(join(SHIPPED, 'items.jsonl'));
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(SHIPPED, 'manifest.json'), 'utf8')));
  const items = itemsBytes.toString('utf8').split('\n').filter((line) => line !== '').map((line) => ItemSchema.parse(JSON.parse(line)));
  let corpus: Corpus;
  let partition: Partition;

  beforeAll(() => {
    corpus = loadCorpus();
    partition = partitionShipped(corpus.messages);
  });

  it('matches its manifest: sha256 of the bytes, count, strata and weights', () => {
    expect(createHash('sha256').update(itemsBytes).digest('hex')).toBe(manifest.sha256);
    expect(items).toHaveLength(manifest.count);
    expect(new Set(items.map((entry) => entry.id)).size).toBe(items.length);
    expect(manifest.labels).toEqual(['spam', 'not_spam']);
    expect(manifest.positive).toBe('spam');
    for (const group of GROUP_NAMES) {
      const stratum = manifest.strata?.[group];
      const members = items.filter((entry) => entry.stratum === group);
      expect(stratum?.sample).toBe(members.length);
      for (const member of members) {
        expect(member.weight).toBe((stratum?.population ?? Number.NaN) / members.length);
        expect(member.label).toBe(GROUPS[group].label);
        expect(member.id.startsWith(`${group}/`)).toBe(true);
        expect(member.gray_area === true).toBe(group === 'hard-ham-1');
        expect(member.slices?.['source']).toBe(GROUPS[group].source);
      }
    }
    // every hard-ham message (all unique) is in, and about 2,000 items in all
    expect(manifest.strata?.['hard-ham-1']).toMatchObject({ population: 250, sample: 250 });
    expect(items.length).toBeGreaterThan(1900);
    expect(items.length).toBeLessThan(2100);
  });

  it('is exactly what the builder produces from the corpus package (deterministic)', () => {
    const rebuilt = buildShippedSet(partition, corpus.packageVersion);
    expect(rebuilt.itemsJsonl).toBe(itemsBytes.toString('utf8'));
    expect(rebuilt.manifestJson).toBe(readFileSync(join(SHIPPED, 'manifest.json'), 'utf8'));
  });

  it('shares no message, and no message text, with the naive-Bayes training set', () => {
    const goldenIds = new Set(partition.golden.map((message) => message.id));
    const goldenTexts = new Set(partition.golden.map((message) => message.textHash));
    expect(partition.training.length).toBeGreaterThan(3500);
    expect(partition.training.filter((message) => goldenIds.has(message.id) || goldenTexts.has(message.textHash))).toEqual([]);
    expect(partition.golden.map((message) => message.id)).toEqual(items.map((entry) => entry.id));
  });

  it('ships the model that training on the rest of the corpus produces (deterministic)', () => {
    const model = trainShippedModel(partition.training, corpus.packageVersion);
    expect(serializeModel(model)).toBe(readFileSync(MODEL, 'utf8'));
    expect(model.training_set['count']).toBe(partition.training.length);
    expect(Buffer.byteLength(serializeModel(model))).toBeLessThan(300_000);
  });

  it('builds the same bytes from the command line, twice', () => {
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const script = join(ROOT, 'scripts', 'build-golden-set.ts');
    const [first, second] = [tempDir(), tempDir()];
    for (const out of [first, second]) {
      execFileSync(process.execPath, [tsx, script, '--limit', '12', '--out', out], { cwd: ROOT, stdio: 'pipe' });
    }
    for (const file of ['items.jsonl', 'manifest.json']) {
      expect(readFileSync(join(second, file))).toEqual(readFileSync(join(first, file)));
    }
    const subset = GROUP_NAMES.flatMap((group) => corpus.messages.filter((message) => message.group === group).slice(0, 12));
    const expected = buildShippedSet(partitionCorpus(prepareMessages(subset, TEXT_CAP), GOLDEN_PARTITION), corpus.packageVersion);
    expect(readFileSync(join(first, 'items.jsonl'), 'utf8')).toBe(expected.itemsJsonl);
  });
});
