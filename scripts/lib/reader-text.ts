import type { DecodedMessage } from './mime-decode.js';

/**
 * The item text: what a reviewer reads in the queue. Header lines first, since sender and subject
 * are much of the judgement, then the body, cut at `cap` characters.
 */
export interface ReaderText {
  text: string;
  /** The body did not fit in `cap` characters and was cut. */
  truncated: boolean;
}

export const TRUNCATION_MARK = '\n[…truncated]';

export function toReaderText(message: Pick<DecodedMessage, 'subject' | 'from' | 'body'>, cap: number): ReaderText {
  const full = [
    `Subject: ${message.subject || '(no subject)'}`,
    `From: ${message.from || '(no sender)'}`,
    '',
    message.body || '(empty body)',
  ].join('\n');
  if (full.length <= cap) return { text: full, truncated: false };
  let end = cap - TRUNCATION_MARK.length;
  // Never split a surrogate pair.
  const last = full.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: `${full.slice(0, end).trimEnd()}${TRUNCATION_MARK}`, truncated: true };
}
