import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Problem } from '../../domain/problems.js';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: Problem };

/**
 * JSON.parse, and on failure a second, slower parser that knows where the error is, because
 * "Unexpected token" with no place is not something a person can find in a manifest.
 */
export function parseJsonText(text: string, file: string, firstLine = 1): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (first === undefined) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: { file, line: firstLine, message: `invalid JSON: ${message}` } };
    }
    const before = text.slice(0, first.offset);
    const line = firstLine + (before.match(/\n/g)?.length ?? 0);
    const column = first.offset - before.lastIndexOf('\n');
    const near = text.slice(first.offset, first.offset + 20).split('\n')[0] ?? '';
    return {
      ok: false,
      problem: {
        file,
        line,
        message: `invalid JSON at column ${column}: ${describe(printParseErrorCode(first.error))}${near ? ` near '${near}'` : ''}`,
      },
    };
  }
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
