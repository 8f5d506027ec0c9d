import type { CandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import type { Candidate, TaskContext } from '../../domain/run/candidate.js';

export interface CandidateContext {
  task: TaskContext;
  /** The golden set's items (a `predictions` candidate checks its ids against them). */
  items: readonly Item[];
  /** Environment to read secrets from (API keys, header values). */
  env: NodeJS.ProcessEnv;
}

/** Build the candidate a suite entry describes; each type's code is loaded only when used. */
export async function createCandidate(config: CandidateConfig, context: CandidateContext): Promise<Candidate> {
  switch (config.type) {
    case 'builtin': {
      const { createBuiltinCandidate } = await import('./builtin/index.js');
      return createBuiltinCandidate({
        id: config.id,
        name: config.name,
        ...(config.threshold === undefined ? {} : { threshold: config.threshold }),
        ...(config.model === undefined ? {} : { modelPath: config.model }),
      });
    }
    case 'openai': {
      const { createOpenAICandidate } = await import('./openai-candidate.js');
      return createOpenAICandidate(config, context);
    }
    case 'http': {
      const { createHttpCandidate } = await import('./http-candidate.js');
      return createHttpCandidate(config, context);
    }
    case 'command': {
      const { createCommandCandidate } = await import('./command-candidate.js');
      return createCommandCandidate(config, context);
    }
    case 'module': {
      const { createModuleCandidate } = await import('./module-candidate.js');
      return createModuleCandidate(config, context);
    }
    case 'predictions': {
      const { createPredictionsCandidate } = await import('./predictions-candidate.js');
      return createPredictionsCandidate(config, context);
    }
  }
}

/** Concurrency a candidate type gets when the suite does not say. */
export function defaultConcurrency(config: CandidateConfig): number {
  switch (config.type) {
    case 'builtin':
    case 'predictions':
    case 'module':
      return 16;
    case 'command':
      return 4;
    case 'openai':
    case 'http':
      return 8;
  }
}

/**
 * The candidate's configuration as written to run.json. Keys are referenced by environment
 * variable name, so none should be in it; but literal header values and a command's literal
 * environment are redacted anyway, in case a user pasted a token into the suite.
 */
export function redactCandidateConfig(config: CandidateConfig): Record<string, unknown> {
  if (config.type === 'command' && config.env !== undefined) {
    return { ...config, env: Object.fromEntries(Object.keys(config.env).map((name) => [name, '[redacted]'])) };
  }
  if (config.type !== 'http') return { ...config };
  const headers = Object.fromEntries(
    Object.entries(config.headers).map(([name, value]) => [name, mayHoldSecret(value) ? '[redacted]' : value]),
  );
  return { ...config, headers };
}

/** A header value whose literal part (outside `${env:NAME}`) has a token-like run of characters. */
function mayHoldSecret(value: string): boolean {
  return /[A-Za-z0-9_\-.+/=]{16,}/.test(value.replace(/\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/g, ' '));
}
