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
    if (mode === 'tty') stream.write(`\r\x1b[2K${fit(state.line(), columnsOf(stream))}`);
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

function columnsOf(stream: NodeJS.WritableStream): number | undefined {
  return 'columns' in stream && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : undefined;
}

/** A live line longer than the terminal wraps, and `\r` then redraws only its last part. */
export function fit(line: string, columns: number | undefined): string {
  if (columns === undefined || line.length < columns) return line;
  return `${line.slice(0, Math.max(0, columns - 2))}…`;
}
