import type { z } from 'zod';
import type { Problem } from './problems.js';

/** Turn a zod error into problems that name the file, line and field, one per issue. */
export function zodProblems(error: z.ZodError, where: { file?: string; line?: number; prefix?: string }): Problem[] {
  return error.issues.map((issue) => {
    const path = [where.prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '');
    const problem: Problem = { message: describeIssue(issue) };
    if (where.file !== undefined) problem.file = where.file;
    if (where.line !== undefined) problem.line = where.line;
    if (path.length > 0) problem.field = path.join('.');
    return problem;
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `'${key}'`).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    // zod leaves `input` out unless asked to report it, so tell a missing field by the message
    if (/received undefined$/.test(issue.message)) return 'is required';
    return issue.message.replace(/^Invalid input: /, '');
  }
  return issue.message;
}
