/** Objects tried before giving up, so adversarial text full of braces costs bounded work. */
const MAX_CANDIDATES = 20;

/**
 * The JSON object a model meant to return, found in what it actually returned: the whole text,
 * a ```json fenced block, or the first balanced `{…}` that parses (models like to add a sentence
 * before or after). `undefined` when there is none.
 */
export function extractJson(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  const whole = tryObject(trimmed);
  if (whole !== undefined) return whole;
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced?.[1] !== undefined) {
    const inFence = tryObject(fenced[1].trim());
    if (inFence !== undefined) return inFence;
  }
  let from = trimmed.indexOf('{');
  for (let tries = 0; from !== -1 && tries < MAX_CANDIDATES; tries += 1) {
    const end = balancedEnd(trimmed, from);
    if (end !== -1) {
      const found = tryObject(trimmed.slice(from, end + 1));
      if (found !== undefined) return found;
    }
    from = trimmed.indexOf('{', from + 1);
  }
  return undefined;
}

function tryObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside strings; -1 if unclosed. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
