import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleCandidateConfig } from '../../config/candidate-schemas.js';
import { InputError } from '../../domain/problems.js';
import { CandidateCallError, excerpt, type Candidate, type TaskContext } from '../../domain/run/candidate.js';
import { ErrorKindSchema } from '../../domain/run/prediction.js';
import { isRecord } from './extract-json.js';
import { fileDigest, fingerprintOf } from './fingerprint.js';
import { toPrediction } from './to-prediction.js';

export interface ModuleCandidateContext {
  task: TaskContext;
}

/** What the module's function is given besides the item. */
export interface ModuleCallContext extends TaskContext {
  options: Record<string, unknown>;
  signal: AbortSignal;
}

/**
 * A JS (or, with `tsx` installed in the project, TS) module exporting
 * `classify(item, context) => prediction | label | Promise<…>`. It runs in spameval's process, so
 * it is the fastest way to plug in a local model or rules. An error it throws with a `kind`
 * property naming an error kind (`refused`, `rate_limited`...) is recorded as that kind; any other
 * exception is recorded as `transport` and not retried (set `retryable: true` on it to retry).
 */
export async function createModuleCandidate(config: ModuleCandidateConfig, context: ModuleCandidateContext): Promise<Candidate> {
  const { task } = context;
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(config.path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({
      file: config.path,
      message: `candidate '${config.id}': cannot load the module: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const exported = loaded[config.export] ?? (isRecord(loaded.default) ? loaded.default[config.export] : undefined);
  if (typeof exported !== 'function') {
    throw new InputError({
      file: config.path,
      message: `candidate '${config.id}': the module has no function export '${config.export}'`,
      hint: `export async function ${config.export}(item, context) { return { label, score } }`,
    });
  }
  const classify = exported;
  const closeExport = loaded.close;
  const options = config.options ?? {};

  return {
    id: config.id,
    fingerprint: fingerprintOf({
      type: 'module',
      module: fileDigest(config.path),
      export: config.export,
      options,
      threshold: config.threshold ?? null,
      labels: task.labels,
    }),
    cacheable: false,
    async classify(item, signal) {
      const call: ModuleCallContext = { ...task, options, signal };
      let answer: unknown;
      try {
        answer = await classify(item, call);
      } catch (error) {
        throw moduleError(error);
      }
      const raw = typeof answer === 'string' ? { label: answer } : answer;
      if (!isRecord(raw)) throw new CandidateCallError('invalid_output', `returned ${excerpt(String(answer), 80)}, not a prediction`);
      const result = toPrediction(raw, task, { threshold: config.threshold });
      if (!result.ok) throw new CandidateCallError('invalid_output', `${result.reason}; got: ${excerpt(JSON.stringify(raw), 160)}`);
      return { prediction: result.prediction };
    },
    async close() {
      if (typeof closeExport === 'function') await closeExport();
    },
  };
}

function moduleError(error: unknown): CandidateCallError {
  if (error instanceof CandidateCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const kind = isRecord(error) ? ErrorKindSchema.safeParse(error.kind) : undefined;
  const retryable = isRecord(error) && typeof error.retryable === 'boolean' ? error.retryable : undefined;
  if (kind?.success) return new CandidateCallError(kind.data, message, retryable === undefined ? {} : { retryable });
  // a plain exception is a bug in the module, not a flaky network: calling again would only repeat it
  return new CandidateCallError('transport', `classify threw: ${message}`, { retryable: retryable ?? false });
}

/**
 * Import by absolute path. Node 20 cannot import TypeScript by itself: on its "unknown file
 * extension" error, `tsx` (from the module's project, else from spameval's) is registered and
 * the import tried again; without tsx the error says how to get it.
 */
async function importModule(modulePath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(modulePath).href;
  try {
    return await import(url);
  } catch (error) {
    const unknownExtension = isRecord(error) && error.code === 'ERR_UNKNOWN_FILE_EXTENSION';
    if (!unknownExtension || !/\.(?:c|m)?tsx?$/.test(modulePath)) throw error;
  }
  await registerTypeScript(modulePath);
  // a new URL: Node remembers the failed import of the first one
  return await import(`${url}?with-tsx`);
}

async function registerTypeScript(modulePath: string): Promise<void> {
  for (const from of [modulePath, import.meta.url]) {
    const api = tsxEsmApi(from);
    if (api === undefined) continue;
    const loaded: unknown = await import(pathToFileURL(api).href);
    if (isRecord(loaded) && typeof loaded.register === 'function') {
      loaded.register();
      return;
    }
  }
  throw new InputError({
    file: modulePath,
    message: 'a TypeScript module needs tsx to load',
    hint: 'npm install --save-dev tsx in your project, or compile the module to JavaScript',
  });
}

/**
 * The ESM build of `tsx/esm/api` as seen from `from`. `require.resolve` would pick the CommonJS
 * build, whose `register` cannot load its own ESM hooks, so the path comes from tsx's exports map.
 */
function tsxEsmApi(from: string): string | undefined {
  try {
    const manifestPath = createRequire(from).resolve('tsx/package.json');
    const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const exportsMap = isRecord(manifest) && isRecord(manifest.exports) ? manifest.exports['./esm/api'] : undefined;
    const importTarget = isRecord(exportsMap) && isRecord(exportsMap.import) ? exportsMap.import.default : undefined;
    return typeof importTarget === 'string' ? join(dirname(manifestPath), importTarget) : undefined;
  } catch {
    return undefined; // no tsx reachable from here
  }
}
