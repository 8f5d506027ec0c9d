import type { ExitCode } from '../exit-codes.js';

/** How a command's action hands its exit code back to `main`. */
export type SetExit = (code: ExitCode) => void;

/** Commander's collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
