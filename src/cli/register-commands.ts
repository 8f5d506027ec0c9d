import type { Command } from 'commander';
import { registerDiff } from './register/diff.js';
import { registerGate } from './register/gates.js';
import { registerGolden } from './register/golden.js';
import { registerMerge } from './register/merge.js';
import { registerReport } from './register/report.js';
import { registerRun } from './register/run.js';
import type { SetExit } from './register/set-exit.js';

/** Every command, with its help and an example; each command's code is imported only when it runs. */
export function registerCommands(program: Command, setExit: SetExit): void {
  registerRun(program, setExit);
  registerMerge(program, setExit);
  registerGolden(program, setExit);
  registerReport(program, setExit);
  registerDiff(program, setExit);
  registerGate(program, setExit);
}
