import { z } from 'zod';
import { logistic } from './scoring-candidate.js';
import { tokenize, TOKENIZER_VERSION } from './tokenize.js';

/**
 * The model file of `builtin:naive-bayes` (models/naive-bayes-v1.json) and how it scores a text.
 * The file stores integer counts rather than probabilities: byte-stable across platforms, and the
 * smoothing is applied here, in one place.
 */
export const NaiveBayesModelSchema = z.strictObject({
  schema_version: z.literal(1),
  kind: z.literal('multinomial-naive-bayes'),
  name: z.string(),
  description: z.string(),
  tokenizer: z.literal(TOKENIZER_VERSION),
  labels: z.strictObject({ positive: z.string().min(1), negative: z.string().min(1) }),
  hyperparameters: z.strictObject({
    /** Laplace (add-alpha) smoothing of the per-class token counts. */
    alpha: z.number().positive(),
    vocabulary_size: z.number().int().positive(),
    min_document_frequency: z.number().int().positive(),
    feature_selection: z.string(),
    /** Logits are divided by this before the logistic: naive Bayes is overconfident. */
    temperature: z.number().positive(),
    temperature_fit: z.string(),
  }),
  training_set: z.record(z.string(), z.unknown()),
  /** Training documents per class: the class prior. */
  documents: z.strictObject({ positive: z.number().int().positive(), negative: z.number().int().positive() }),
  /** `[token, count in positive documents, count in negative documents]`, sorted by token. */
  vocabulary: z.array(z.tuple([z.string().min(1), z.number().int().nonnegative(), z.number().int().nonnegative()])).min(1),
});
export type NaiveBayesModel = z.infer<typeof NaiveBayesModelSchema>;

/** A model ready to score: per-token log-likelihood ratios, prior log-odds. */
export interface NaiveBayesScorer {
  readonly model: NaiveBayesModel;
  /** log P(spam | text) − log P(not spam | text), before the temperature. */
  logOdds(text: string): number;
  /** P(positive | text) with the model's temperature, in [0, 1]. */
  score(text: string): number;
}

export function createNaiveBayesScorer(model: NaiveBayesModel): NaiveBayesScorer {
  const { alpha, temperature } = model.hyperparameters;
  const size = model.vocabulary.length;
  let positiveTotal = 0;
  let negativeTotal = 0;
  for (const [, positive, negative] of model.vocabulary) {
    positiveTotal += positive;
    negativeTotal += negative;
  }
  const ratios = new Map<string, number>();
  for (const [token, positive, negative] of model.vocabulary) {
    const logPositive = Math.log((positive + alpha) / (positiveTotal + alpha * size));
    const logNegative = Math.log((negative + alpha) / (negativeTotal + alpha * size));
    ratios.set(token, logPositive - logNegative);
  }
  const prior = Math.log(model.documents.positive / model.documents.negative);
  const logOdds = (text: string): number => {
    let sum = prior;
    // Out-of-vocabulary tokens carry no evidence (they were pruned in training too).
    for (const token of tokenize(text)) sum += ratios.get(token) ?? 0;
    return sum;
  };
  return { model, logOdds, score: (text) => logistic(logOdds(text) / temperature) };
}
