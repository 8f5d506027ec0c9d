import type { NaiveBayesModel } from '../../src/adapters/candidates/builtin/naive-bayes-model.js';
import { CORPUS_PACKAGE, GROUP_NAMES } from './corpus.js';
import { GOLDEN_PARTITION, TEXT_CAP } from './golden-partition.js';
import { sha256Hex, type PreparedMessage } from './partition-corpus.js';
import { NAIVE_BAYES_OPTIONS, trainNaiveBayes } from './train-naive-bayes.js';

/**
 * models/naive-bayes-v1.json: naive Bayes trained on the corpus messages that are not in the
 * shipped golden set (`partitionShipped(…).training`), with its provenance.
 */
export function trainShippedModel(training: readonly PreparedMessage[], packageVersion: string): NaiveBayesModel {
  const byGroup = Object.fromEntries(
    GROUP_NAMES.map((group) => [group, training.filter((message) => message.group === group).length]),
  );
  return trainNaiveBayes(
    training.map((message) => ({ id: message.id, text: message.text, positive: message.label === 'spam' })),
    NAIVE_BAYES_OPTIONS,
    {
      name: 'naive-bayes-v1',
      description:
        'Multinomial naive Bayes over lowercase word tokens (subject and sender tokens prefixed), trained by ' +
        'scripts/train-baseline.ts. A baseline, not a product: it has seen no hard ham, and its scores are ' +
        'tempered but not calibrated.',
      trainingSet: {
        description:
          'SpamAssassin public corpus messages with unique text that are not in golden-sets/spamassassin-public/1.0.0, ' +
          'as item texts built like the golden set (same decoder and length cap)',
        package: CORPUS_PACKAGE,
        package_version: packageVersion,
        excludes: 'spamassassin-public@1.0.0 (every message and every duplicate of one)',
        selection_seed: GOLDEN_PARTITION.seed,
        text_cap: TEXT_CAP,
        count: training.length,
        by_group: byGroup,
        sha256_of: 'lines "<id>\\t<label>\\t<sha256 of text>\\n" in corpus order',
        sha256: sha256Hex(training.map((message) => `${message.id}\t${message.label}\t${message.textHash}\n`).join('')),
      },
    },
  );
}
