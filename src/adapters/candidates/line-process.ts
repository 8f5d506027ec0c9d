import { spawn, type ChildProcess } from 'node:child_process';

/** What a crash report keeps of stderr: the end, where the error usually is. */
const STDERR_TAIL = 2000;
const CLOSE_GRACE_MS = 2000;

/**
 * One long-lived child process spoken to in JSON lines: one request line in, one answer line
 * out, one request at a time. Started directly (no shell) in its own process group, so the
 * terminal's Ctrl-C reaches spameval — which lets calls in flight finish — and not the worker.
 */
export class LineProcess {
  readonly started: Promise<{ ok: true } | { ok: false; reason: string }>;
  private readonly child: ChildProcess;
  private stdout = '';
  private stderr = '';
  private exitReason: string | undefined;
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private readonly exited: Promise<void>;

  constructor(program: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      detached: true,
      windowsHide: true,
    });
    this.started = new Promise((resolve) => {
      this.child.once('spawn', () => resolve({ ok: true }));
      this.child.once('error', (error) => resolve({ ok: false, reason: error.message }));
    });
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.fail(signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`);
        resolve();
      });
      this.child.once('error', (error) => {
        this.fail(`failed: ${error.message}`);
        resolve();
      });
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    // a write to a process that just died fails with EPIPE; its exit reports the crash
    this.child.stdin?.on('error', () => {});
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Send one line and wait for the next line of output. */
  request(line: string, signal: AbortSignal): Promise<string> {
    if (this.exitReason !== undefined) return Promise.reject(new Error(this.crashMessage()));
    if (this.waiting) return Promise.reject(new Error('a request is already in flight on this process'));
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting = undefined;
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = {
        resolve: (answer) => {
          signal.removeEventListener('abort', onAbort);
          resolve(answer);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.child.stdin?.write(`${line}\n`);
    });
  }

  kill(): void {
    if (this.exitReason === undefined) this.child.kill('SIGKILL');
  }

  /** Close stdin (a well-behaved worker exits at end of input), then insist. */
  async close(): Promise<void> {
    if (this.exitReason !== undefined) return;
    this.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
    });
    const result = await Promise.race([this.exited, grace]);
    clearTimeout(timer);
    if (result === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private onStdout(chunk: string): void {
    this.stdout += chunk;
    // every pass takes one complete line off the buffer
    for (let newline = this.stdout.indexOf('\n'); newline !== -1; newline = this.stdout.indexOf('\n')) {
      const line = this.stdout.slice(0, newline).replace(/\r$/, '');
      this.stdout = this.stdout.slice(newline + 1);
      if (line.trim() === '') continue;
      const waiting = this.waiting;
      this.waiting = undefined;
      // output nobody asked for (a stray print) is kept with stderr for the crash report
      if (waiting) waiting.resolve(line);
      else this.stderr = `${this.stderr}\n(unexpected output) ${line}`.slice(-STDERR_TAIL);
    }
  }

  private fail(reason: string): void {
    this.exitReason ??= reason;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(new Error(this.crashMessage()));
  }

  private crashMessage(): string {
    const tail = this.stderr.trim();
    return `the process ${this.exitReason ?? 'stopped'}${tail === '' ? '' : `; stderr: ${tail.slice(-500)}`}`;
  }
}
