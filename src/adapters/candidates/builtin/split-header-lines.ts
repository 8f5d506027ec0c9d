/**
 * The `Subject: …` / `From: …` lines at the top of an item text (how the SpamAssassin golden set
 * writes them), split from the body. A text without them is all body.
 */
export interface HeaderLines {
  /** Lowercase field name → value, for the fields found. */
  headers: Partial<Record<'subject' | 'from', string>>;
  body: string;
}

const HEADER_LINE = /^(subject|from):[ \t]*(.*)$/i;

export function splitHeaderLines(text: string): HeaderLines {
  const lines = text.split('\n');
  const headers: HeaderLines['headers'] = {};
  let index = 0;
  for (; index < lines.length; index++) {
    const match = HEADER_LINE.exec(lines[index] ?? '');
    const name = match?.[1]?.toLowerCase();
    if (name !== 'subject' && name !== 'from') break;
    headers[name] = match?.[2] ?? '';
  }
  return { headers, body: lines.slice(index).join('\n') };
}
