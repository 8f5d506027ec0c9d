import { isRecord } from './extract-json.js';

/** A parsed path such as `result.label` or `choices[0].message.content`: keys and indexes. */
export type JsonPath = readonly (string | number)[];

/** Parse the simple path syntax, or say what is wrong with it. */
export function parseJsonPath(text: string): { ok: true; path: JsonPath } | { ok: false; reason: string } {
  const path: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\.(?=[^.[\]])/gy;
  let position = 0;
  // sticky matching consumes the text left to right; a character it cannot take ends the loop
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return { ok: false, reason: `unexpected '${text[position] ?? ''}' at position ${position + 1} of '${text}'` };
    if (match[1] !== undefined) path.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    position = pattern.lastIndex;
  }
  if (path.length === 0) return { ok: false, reason: 'empty path' };
  return { ok: true, path };
}

/** The value at `path` in `value`, or `undefined` when any step is missing. */
export function readJsonPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number' && Array.isArray(current)) current = current[step];
    else if (isRecord(current)) current = current[String(step)];
    else return undefined;
  }
  return current;
}
