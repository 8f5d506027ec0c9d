import { createNaiveBayesScorer, NaiveBayesModelSchema, type NaiveBayesModel } from '../../src/adapters/candidates/builtin/naive-bayes-model.js';
import { tokenize, TOKENIZER_VERSION } from '../../src/adapters/candidates/builtin/tokenize.js';
import { GOLDEN_PARTITION } from './golden-partition.js';
import { drawKey } from './partition-corpus.js';

/**
 * Training of the multinomial naive-Bayes baseline. Deterministic: the same documents in the same
 * order give the same model, byte for byte (integer counts, a fixed temperature grid, ties broken
 * by token).
 */

export interface LabeledText {
  id: string;
  text: string;
  positive: boolean;
}

export interface NaiveBayesOptions {
  labels: { positive: string; negative: string };
  alpha: number;
  vocabularySize: number;
  minDocumentFrequency: number;
  /** Share of the training documents held out to choose the temperature. */
  holdoutFraction: number;
  temperatureGrid: readonly number[];
  seed: number;
}

/** The hyperparameters of models/naive-bayes-v1.json. */
export const NAIVE_BAYES_OPTIONS: NaiveBayesOptions = {
  labels: { positive: 'spam', negative: 'not_spam' },
  alpha: 1,
  // 5,000 tokens: best held-out log loss among 1k-8k on the training documents, ~130 KB on disk.
  vocabularySize: 5000,
  minDocumentFrequency: 5,
  holdoutFraction: 0.2,
  temperatureGrid: [1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100],
  seed: GOLDEN_PARTITION.seed,
};

export interface ModelDescription {
  name: string;
  description: string;
  trainingSet: Record<string, unknown>;
}

interface TokenStats {
  /** Documents of each class containing the token. */
  documents: [number, number];
  /** Occurrences in each class. */
  occurrences: [number, number];
}

function classIndex(document: LabeledText): 0 | 1 {
  return document.positive ? 0 : 1;
}

function countTokens(documents: readonly LabeledText[]): Map<string, TokenStats> {
  const stats = new Map<string, TokenStats>();
  for (const document of documents) {
    const side = classIndex(document);
    const seen = new Set<string>();
    for (const token of tokenize(document.text)) {
      let entry = stats.get(token);
      if (!entry) {
        entry = { documents: [0, 0], occurrences: [0, 0] };
        stats.set(token, entry);
      }
      entry.occurrences[side] += 1;
      if (!seen.has(token)) {
        entry.documents[side] += 1;
        seen.add(token);
      }
    }
  }
  return stats;
}

function xlogx(joint: number, marginals: number): number {
  return joint === 0 ? 0 : joint * Math.log(joint / marginals);
}

/** Mutual information (nats) between "the document contains the token" and the class. */
export function mutualInformation(withToken: readonly [number, number], classSizes: readonly [number, number]): number {
  const total = classSizes[0] + classSizes[1];
  const present = withToken[0] + withToken[1];
  let sum = 0;
  for (const side of [0, 1] as const) {
    const pClass = classSizes[side] / total;
    const pPresent = withToken[side] / total;
    const pAbsent = (classSizes[side] - withToken[side]) / total;
    sum += xlogx(pPresent, pClass * (present / total));
    sum += xlogx(pAbsent, pClass * ((total - present) / total));
  }
  return sum;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fit counts on `documents` with a given temperature (no holdout). */
function fitNaiveBayes(
  documents: readonly LabeledText[],
  options: NaiveBayesOptions,
  temperature: number,
  description: ModelDescription,
): NaiveBayesModel {
  const classSizes: [number, number] = [0, 0];
  for (const document of documents) classSizes[classIndex(document)] += 1;
  if (classSizes[0] === 0 || classSizes[1] === 0) throw new Error('naive Bayes needs training documents of both classes');
  const stats = countTokens(documents);
  const ranked = [...stats.entries()]
    .filter(([, entry]) => entry.documents[0] + entry.documents[1] >= options.minDocumentFrequency)
    .map(([token, entry]) => ({ token, entry, score: mutualInformation(entry.documents, classSizes) }))
    .sort((a, b) => b.score - a.score || compareStrings(a.token, b.token))
    .slice(0, options.vocabularySize)
    .sort((a, b) => compareStrings(a.token, b.token));
  const model: NaiveBayesModel = {
    schema_version: 1,
    kind: 'multinomial-naive-bayes',
    name: description.name,
    description: description.description,
    tokenizer: TOKENIZER_VERSION,
    labels: options.labels,
    hyperparameters: {
      alpha: options.alpha,
      vocabulary_size: options.vocabularySize,
      min_document_frequency: options.minDocumentFrequency,
      feature_selection: 'top vocabulary_size tokens by mutual information between token presence and class',
      temperature,
      temperature_fit: `grid value with the lowest log loss on a ${options.holdoutFraction} holdout of the training documents (seed ${options.seed}), then refit on all of them`,
    },
    training_set: description.trainingSet,
    documents: { positive: classSizes[0], negative: classSizes[1] },
    vocabulary: ranked.map(({ token, entry }) => [token, entry.occurrences[0], entry.occurrences[1]]),
  };
  return NaiveBayesModelSchema.parse(model);
}

/** Mean log loss of P(positive) = logistic(logOdds / temperature); logs taken on the stable side. */
export function logLoss(logOdds: readonly number[], positive: readonly boolean[], temperature: number): number {
  let sum = 0;
  logOdds.forEach((value, index) => {
    // −log σ(z) = log(1 + e^(−z)), computed as softplus(−z)
    const z = (positive[index] ? value : -value) / temperature;
    sum += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
  });
  return sum / logOdds.length;
}

/** Choose the temperature on a seeded holdout, then fit on every document. */
export function trainNaiveBayes(
  documents: readonly LabeledText[],
  options: NaiveBayesOptions,
  description: ModelDescription,
): NaiveBayesModel {
  // Its own key stream: the golden-set draw already used drawKey(seed, id) and took the smallest
  // keys, so reusing it would leave no training document under the holdout cut.
  const isHoldout = (document: LabeledText): boolean =>
    Number.parseInt(drawKey(options.seed, `temperature-holdout/${document.id}`).slice(0, 8), 16) / 0x1_0000_0000 <
    options.holdoutFraction;
  const fitPart = documents.filter((document) => !isHoldout(document));
  const holdout = documents.filter(isHoldout);
  if (holdout.length === 0) throw new Error('no holdout documents to choose the temperature: use more documents');
  const scorer = createNaiveBayesScorer(fitNaiveBayes(fitPart, options, 1, description));
  const logOdds = holdout.map((document) => scorer.logOdds(document.text));
  const positive = holdout.map((document) => document.positive);
  let best = { temperature: options.temperatureGrid[0] ?? 1, loss: Number.POSITIVE_INFINITY };
  for (const temperature of options.temperatureGrid) {
    const loss = logLoss(logOdds, positive, temperature);
    if (loss < best.loss) best = { temperature, loss };
  }
  return fitNaiveBayes(documents, options, best.temperature, description);
}

/** JSON with one vocabulary entry per line: small, and readable in a diff. */
export function serializeModel(model: NaiveBayesModel): string {
  const { vocabulary, ...rest } = model;
  const head = JSON.stringify({ ...rest, vocabulary: [] }, null, 2);
  const entries = vocabulary.map((entry) => `    ${JSON.stringify(entry)}`).join(',\n');
  // A function replacer: tokens such as `$` must not be read as replacement patterns.
  return `${head.replace(/"vocabulary": \[\]/, () => `"vocabulary": [\n${entries}\n  ]`)}\n`;
}
