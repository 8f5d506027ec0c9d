import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandCandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import { InputError } from '../../domain/problems.js';
import { CandidateCallError, excerpt, type Candidate, type TaskContext } from '../../domain/run/candidate.js';
import { ErrorKindSchema } from '../../domain/run/prediction.js';
import { isRecord } from './extract-json.js';
import { fileDigest, fingerprintOf } from './fingerprint.js';
import { LineProcess } from './line-process.js';
import { toPrediction } from './to-prediction.js';

export interface CommandCandidateContext {
  task: TaskContext;
  env: NodeJS.ProcessEnv;
}

/**
 * A local program (a script, a local model server wrapper) that reads one JSON item per line on
 * stdin and writes one JSON answer per line on stdout. Each worker of the runner has its own
 * long-lived process, spawned without a shell so no item text is ever interpreted; one that
 * crashes is replaced on the next call and the runner retries the item. A line
 * `{"error": {"kind": "refused", "message": "..."}}` reports a failure of a named kind.
 */
export async function createCommandCandidate(config: CommandCandidateConfig, context: CommandCandidateContext): Promise<Candidate> {
  const { task } = context;
  const cwd = config.cwd ?? process.cwd();
  const env = { ...context.env, ...config.env };
  const [program = '', ...args] = config.command;
  const spawnProcess = (): LineProcess => new LineProcess(program, args, { cwd, env });
  const idle: LineProcess[] = [];
  const all = new Set<LineProcess>();

  // start one process now, so a missing program is a clear input error before the run begins
  const first = spawnProcess();
  const started = await first.started;
  if (!started.ok) {
    throw new InputError({
      field: 'command',
      message: `candidate '${config.id}': cannot start ${JSON.stringify(config.command.join(' '))}: ${started.reason}`,
      hint: 'the program must be a path or on PATH; it is run directly, never through a shell',
    });
  }
  all.add(first);
  idle.push(first);

  const acquire = (): LineProcess => {
    // bounded: each pass removes one process from `idle`
    for (let next = idle.pop(); next !== undefined; next = idle.pop()) {
      if (next.alive) return next;
      all.delete(next);
    }
    const created = spawnProcess();
    all.add(created);
    return created;
  };
  const discard = (worker: LineProcess): void => {
    all.delete(worker);
    worker.kill();
  };

  return {
    id: config.id,
    fingerprint: fingerprintOf({
      type: 'command',
      command: config.command,
      cwd: config.cwd ?? null,
      env: config.env ?? null,
      // the script or model file named in the command changes the answers as much as the command
      files: args.concat(program).flatMap((arg) => {
        const path = resolve(cwd, arg);
        return existsSync(path) && statSync(path).isFile() ? [[arg, fileDigest(path)]] : [];
      }),
      threshold: config.threshold ?? null,
      labels: task.labels,
    }),
    cacheable: false,
    async classify(item: Item, signal: AbortSignal) {
      const worker = acquire();
      let line: string;
      try {
        line = await worker.request(JSON.stringify({ id: item.id, text: item.text, fields: item.fields ?? {} }), signal);
      } catch (error) {
        discard(worker);
        if (signal.aborted) throw signal.reason;
        const reason = error instanceof Error ? error.message : String(error);
        throw new CandidateCallError('transport', reason, { retryable: true });
      }
      let answer: unknown;
      try {
        answer = JSON.parse(line);
      } catch {
        idle.push(worker);
        throw new CandidateCallError('invalid_output', `not a JSON line; got: ${excerpt(line, 160)}`);
      }
      if (isRecord(answer) && answer.id !== undefined && answer.id !== item.id) {
        // answering another item means the process is out of step with us: start a fresh one
        discard(worker);
        throw new CandidateCallError('invalid_output', `answered for id '${excerpt(String(answer.id), 60)}' instead of '${item.id}'`);
      }
      idle.push(worker);
      if (!isRecord(answer)) throw new CandidateCallError('invalid_output', `not a JSON object; got: ${excerpt(line, 160)}`);
      if (isRecord(answer.error)) {
        const kind = ErrorKindSchema.safeParse(answer.error.kind);
        const message = typeof answer.error.message === 'string' ? answer.error.message : 'the command reported an error';
        throw new CandidateCallError(kind.success ? kind.data : 'transport', message);
      }
      const result = toPrediction(answer, task, { threshold: config.threshold });
      if (!result.ok) throw new CandidateCallError('invalid_output', `${result.reason}; got: ${excerpt(line, 160)}`);
      return { prediction: result.prediction };
    },
    async close() {
      await Promise.all([...all].map((worker) => worker.close()));
      all.clear();
      idle.length = 0;
    },
  };
}
