/**
 * Problems found in user input. Every loader collects all of them before failing, so a user
 * fixes a file in one pass; the CLI maps an `InputError` to exit code 2.
 */
export interface Problem {
  /** Path of the file as the user named it (or as resolved), when the problem is in a file. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Dotted path of the offending field, e.g. `reviews.0.label`. */
  field?: string;
  message: string;
  /** How to fix it, when we can tell. */
  hint?: string;
}

export function formatProblem(problem: Problem): string {
  // `file:line:` as compilers print it, so editors and CI annotators link straight to the line
  const where = [problem.file, problem.line === undefined ? undefined : String(problem.line)]
    .filter((part) => part !== undefined)
    .join(':');
  const field = problem.field ? `field '${problem.field}': ` : '';
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${where ? `${where}: ` : ''}${field}${problem.message}${hint}`;
}

// Array.isArray does not narrow a readonly array type, hence this guard
function isList(problems: readonly Problem[] | Problem): problems is readonly Problem[] {
  return Array.isArray(problems);
}

/** Bad usage or invalid input: exit code 2, nothing written. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[] | Problem | string) {
    const list: Problem[] = typeof problems === 'string' ? [{ message: problems }] : isList(problems) ? [...problems] : [problems];
    const shown = list.slice(0, 50).map(formatProblem);
    if (list.length > 50) shown.push(`… and ${list.length - 50} more problems`);
    super(shown.join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** The run could not finish (error budget exceeded, interrupted): exit code 3. */
export class RunIncompleteError extends Error {
  constructor(
    message: string,
    readonly runDir?: string,
  ) {
    super(message);
    this.name = 'RunIncompleteError';
  }
}
