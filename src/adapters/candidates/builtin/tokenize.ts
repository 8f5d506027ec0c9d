/**
 * The naive-Bayes tokenizer. Training (scripts/train-baseline.ts) and scoring both call this one
 * function; a model file names the version it was trained with, and a change here needs a new
 * version and a retrained model.
 */
import { splitHeaderLines } from './split-header-lines.js';

export const TOKENIZER_VERSION = 'words-v1';

// Words (letters and digits, with inner apostrophes, dots or dashes: "don't", "e-mail",
// "www.example.com"), plus `$` and `!` on their own: both are strong spam signals.
const TOKEN = /[\p{L}\p{N}]+(?:['.\-][\p{L}\p{N}]+)*|[$!]/gu;
const MAX_TOKEN_LENGTH = 40;
function words(text: string, prefix: string, into: string[]): void {
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    const token = match[0];
    if (token.length <= MAX_TOKEN_LENGTH) into.push(prefix + token);
  }
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const { headers, body } = splitHeaderLines(text);
  // Header tokens keep their field as a prefix: "free" in a subject says more than in a body.
  if (headers.subject !== undefined) words(headers.subject, 'subject:', tokens);
  if (headers.from !== undefined) words(headers.from, 'from:', tokens);
  words(body, '', tokens);
  return tokens;
}
