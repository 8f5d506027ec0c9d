import { ItemSchema, ManifestSchema, type Item, type Manifest } from '../../src/domain/golden/schema.js';
import { GROUPS, mapGroups, type Group } from './corpus.js';
import { sha256Hex, type PreparedMessage } from './partition-corpus.js';

const GRAY_REASON =
  'hard ham: legitimate mail the recipient signed up for (newsletter, promotion, commercial notice) that reads like spam';

const STRATUM_DESCRIPTIONS: Record<Group, string> = {
  'easy-ham-1': 'easy_ham, public corpus release 2002-10: mailing-list and personal mail, clearly not spam',
  'easy-ham-2': 'easy_ham_2, public corpus release 2003-02: mailing-list and personal mail, clearly not spam',
  'hard-ham-1': 'hard_ham, public corpus release 2002-10: legitimate commercial mail that looks like spam',
  'spam-1': 'spam, public corpus release 2002-10',
  'spam-2': 'spam_2, public corpus release 2003-02',
};

/** Manifest fields the caller decides; count, sha256 and strata are computed here. */
export type ManifestHead = Omit<Manifest, 'count' | 'sha256' | 'strata'>;

export interface GoldenSetFiles {
  manifestJson: string;
  itemsJsonl: string;
  count: number;
  sha256: string;
}

/** Each group's corpus size and how many of its messages are in the set. */
export type StrataCounts = Record<Group, { population: number; sample: number }>;

function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/** One item, keys in a fixed order so the file is byte-stable. */
function toItem(message: PreparedMessage, weight: number): Item {
  const group = GROUPS[message.group];
  const gray = message.group === 'hard-ham-1';
  const { decoded } = message;
  const item: Item = {
    id: message.id,
    text: message.text,
    fields: {
      subject: decoded.subject,
      from: decoded.from,
      content_type: decoded.contentType,
      ...(decoded.attachments.length > 0 ? { attachments: decoded.attachments } : {}),
    },
    label: message.label,
    ...(gray ? { gray_area: true, gray_reason: GRAY_REASON } : {}),
    slices: {
      source: group.source,
      period: group.period,
      has_html: yesNo(decoded.hasHtml),
      has_attachment: yesNo(decoded.attachments.length > 0),
    },
    stratum: message.group,
    weight,
    ...(message.truncated ? { notes: 'text cut at the length cap (manifest source.text_cap)' } : {}),
  };
  ItemSchema.parse(item);
  return item;
}

export function buildGoldenSetFiles(
  head: ManifestHead,
  messages: readonly PreparedMessage[],
  strata: StrataCounts,
): GoldenSetFiles {
  const weights = mapGroups((group) => {
    const { population, sample } = strata[group];
    return sample === 0 ? 1 : population / sample;
  });
  const lines = messages.map((message) => `${JSON.stringify(toItem(message, weights[message.group]))}\n`);
  const itemsJsonl = lines.join('');
  const sha256 = sha256Hex(itemsJsonl);
  const manifest: Manifest = {
    ...head,
    count: messages.length,
    sha256,
    strata: mapGroups((group) => ({
      population: strata[group].population,
      sample: strata[group].sample,
      description: STRATUM_DESCRIPTIONS[group],
    })),
  };
  // Validate what we write, but write our own object: it keeps the key order chosen here.
  ManifestSchema.parse(manifest);
  return { manifestJson: `${JSON.stringify(manifest, null, 2)}\n`, itemsJsonl, count: messages.length, sha256 };
}
