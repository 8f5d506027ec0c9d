/** Exit codes of SPEC §6, the contract CI jobs rely on. */
export const EXIT = {
  /** All gates hold. */
  ok: 0,
  /** A gate failed or a diff regressed. */
  gateFailed: 1,
  /** Bad usage or invalid input (config, golden set, predictions file). */
  badInput: 2,
  /** The run could not finish (errors above the suite's error budget, or interrupted). */
  runIncomplete: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
