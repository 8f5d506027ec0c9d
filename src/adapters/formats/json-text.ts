import type { Problem } from '../../domain/problems.js';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: Problem };

/**
 * JSON.parse with the error placed at a line and column, because "Unexpected token at position
 * 1893" is not something a person can find in a manifest.
 */
export function parseJsonText(text: string, file: string, firstLine = 1): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let line = firstLine;
    let column: number | undefined;
    if (position?.[1] !== undefined) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      line = firstLine + (before.match(/\n/g)?.length ?? 0);
      column = offset - before.lastIndexOf('\n');
    }
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return {
      ok: false,
      problem: { file, line, message: `invalid JSON${column === undefined ? '' : ` at column ${column}`}: ${reason}` },
    };
  }
}
