import type { Progress } from '../../engine/ports.js';
import { ProgressState } from './progress-state.js';

export type ProgressMode = 'tty' | 'lines' | 'quiet';

/** A live line on a terminal, a plain line every few seconds elsewhere (CI logs), or nothing. */
export function chooseProgressMode(options: { quiet?: boolean; stream: NodeJS.WriteStream }): ProgressMode {
  if (options.quiet) return 'quiet';
  return options.stream.isTTY && !process.env.CI ? 'tty' : 'lines';
}

export function createProgress(mode: ProgressMode, stream: NodeJS.WritableStream, intervalMs?: number): Progress {
  if (mode === 'quiet') return { start() {}, record() {}, finish() {} };
  const state = new ProgressState();
  const every = intervalMs ?? (mode === 'tty' ? 100 : 5000);
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    if (mode === 'tty') stream.write(`\r\x1b[2K${state.line()}`);
    else stream.write(`${state.line()}\n`);
  };
  return {
    start(info) {
      state.start(info);
      draw();
      timer = setInterval(draw, every);
      timer.unref();
    },
    record(record) {
      state.record(record);
    },
    retry() {
      state.retries += 1;
    },
    finish() {
      if (timer) clearInterval(timer);
      draw();
      if (mode === 'tty') stream.write('\n');
    },
  };
}
