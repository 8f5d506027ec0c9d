import { createHash } from 'node:crypto';
import { GROUPS, mapGroups, messageId, type CorpusLabel, type CorpusMessage, type Group } from './corpus.js';
import { decodeMessage, type DecodedMessage } from './mime-decode.js';
import { toReaderText } from './reader-text.js';

/**
 * Which corpus messages go into the shipped golden set and which train the naive-Bayes baseline.
 * Both scripts call this one function, so the two sets cannot overlap.
 */

export interface PreparedMessage {
  id: string;
  group: Group;
  label: CorpusLabel;
  /** The item text (see reader-text.ts). */
  text: string;
  truncated: boolean;
  decoded: DecodedMessage;
  /** sha256 of `text`: messages with the same text are duplicates. */
  textHash: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function prepareMessages(messages: readonly CorpusMessage[], textCap: number): PreparedMessage[] {
  return messages.map((message) => {
    const decoded = decodeMessage(message.text);
    const { text, truncated } = toReaderText(decoded, textCap);
    return {
      id: messageId(message),
      group: message.group,
      label: GROUPS[message.group].label,
      text,
      truncated,
      decoded,
      textHash: sha256Hex(text),
    };
  });
}

export interface PartitionOptions {
  seed: number;
  /** Share of each group's corpus size to sample; 1 takes every unique message of the group. */
  fractions: Readonly<Record<Group, number>>;
}

export interface GroupFrame {
  /** Messages of the group in the corpus. */
  population: number;
  /** Messages left after dropping duplicates (the sampling frame). */
  unique: number;
  /** Messages drawn into the golden set. */
  sample: number;
}

export interface Partition {
  /** Golden-set messages, in corpus order. */
  golden: PreparedMessage[];
  /** Unique messages not in the golden set, in corpus order. */
  training: PreparedMessage[];
  frames: Record<Group, GroupFrame>;
  /** Messages whose text repeats an earlier message's text. */
  duplicates: number;
  /** Messages left out of both sets because the same text carries both labels. */
  conflicting: number;
}

/** The seeded draw order: sha256 of seed and id, so adding a message never reshuffles the others. */
export function drawKey(seed: number, id: string): string {
  return sha256Hex(`${seed}:${id}`);
}

export function partitionCorpus(prepared: readonly PreparedMessage[], options: PartitionOptions): Partition {
  const labelsByText = new Map<string, Set<CorpusLabel>>();
  for (const message of prepared) {
    const labels = labelsByText.get(message.textHash) ?? new Set<CorpusLabel>();
    labels.add(message.label);
    labelsByText.set(message.textHash, labels);
  }
  // The first message with a given text stands for all its copies.
  const seen = new Set<string>();
  const unique: PreparedMessage[] = [];
  let duplicates = 0;
  let conflicting = 0;
  for (const message of prepared) {
    if (seen.has(message.textHash)) {
      duplicates += 1;
      continue;
    }
    seen.add(message.textHash);
    if ((labelsByText.get(message.textHash)?.size ?? 0) > 1) conflicting += 1;
    else unique.push(message);
  }

  const chosen = new Set<string>();
  const frames = mapGroups((group): GroupFrame => {
    const population = prepared.filter((message) => message.group === group).length;
    const frame = unique.filter((message) => message.group === group);
    const wanted = Math.min(frame.length, Math.round(options.fractions[group] * population));
    const drawn = frame
      .map((message) => ({ message, key: drawKey(options.seed, message.id) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, wanted);
    for (const { message } of drawn) chosen.add(message.id);
    return { population, unique: frame.length, sample: drawn.length };
  });
  return {
    golden: unique.filter((message) => chosen.has(message.id)),
    training: unique.filter((message) => !chosen.has(message.id)),
    frames,
    duplicates,
    conflicting,
  };
}
