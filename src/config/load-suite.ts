import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { parseGate } from '../domain/gates/parse-gate.js';
import { InputError, type Problem } from '../domain/problems.js';
import { zodProblems } from '../domain/zod-problems.js';
import type { CandidateConfig } from './candidate-schemas.js';
import { SuiteSchema, type Suite } from './suite-schema.js';

export const DEFAULT_SUITE_FILES = ['spameval.config.yaml', 'spameval.config.yml', 'spameval.config.json'];

export interface LoadedSuite {
  suite: Suite;
  /** Absolute path of the suite file. */
  file: string;
  /** Folder the suite's relative paths are resolved against. */
  baseDir: string;
  /** Line of each entry of `gates` in the suite file, so a gate problem found later can point at it. */
  gateLines?: (number | undefined)[];
}

/** The suite file named, or the default one in the working directory. */
export function findSuiteFile(named: string | undefined, cwd = process.cwd()): string {
  if (named !== undefined) {
    const file = resolve(cwd, named);
    if (!existsSync(file)) throw new InputError({ file: named, message: 'suite file not found' });
    return file;
  }
  for (const candidate of DEFAULT_SUITE_FILES) {
    const file = resolve(cwd, candidate);
    if (existsSync(file)) return file;
  }
  throw new InputError({
    message: `no suite file: pass --config FILE or create ${DEFAULT_SUITE_FILES[0]} in ${cwd}`,
  });
}

/**
 * Read a suite (YAML or JSON — JSON is parsed as YAML so both get line numbers), validate it with
 * zod, then apply the cross-field rules; every problem is reported at once with its line and field.
 */
export async function loadSuite(file: string): Promise<LoadedSuite> {
  const text = await readFile(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0]?.line ?? 1,
        message: `cannot parse: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const raw: unknown = doc.toJS();
  const result = SuiteSchema.safeParse(raw);
  if (!result.success) {
    const problems = zodProblems(result.error, { file }).map((problem) => locate(problem, doc, lineCounter));
    throw new InputError(problems);
  }
  const baseDir = dirname(file);
  const suite = normaliseSuite(result.data, baseDir);
  const problems = checkSuite(suite).map((problem) => locate({ ...problem, file }, doc, lineCounter));
  if (problems.length > 0) throw new InputError(problems);
  const gateLines = suite.gates.map((_, index) => locate({ field: `gates.${index}`, message: '' }, doc, lineCounter).line);
  return { suite, file, baseDir, gateLines };
}

function locate(problem: Problem, doc: Document, lineCounter: LineCounter): Problem {
  if (problem.field === undefined || problem.line !== undefined) return problem;
  const path = problem.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // walk up until a node exists: a missing key is reported at its parent
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return { ...problem, line: lineCounter.linePos(node.range[0]).line };
  }
  return problem;
}

function absolute(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Resolve every path in the suite against the suite file's folder. */
function normaliseSuite(suite: Suite, baseDir: string): Suite {
  const candidates = suite.candidates.map((candidate): CandidateConfig => {
    switch (candidate.type) {
      case 'openai':
        return {
          ...candidate,
          prompt: absolute(baseDir, candidate.prompt),
          ...(candidate.guidelines === undefined ? {} : { guidelines: absolute(baseDir, candidate.guidelines) }),
        };
      case 'module':
      case 'predictions':
        return { ...candidate, path: absolute(baseDir, candidate.path) };
      case 'command':
        return candidate.cwd === undefined ? candidate : { ...candidate, cwd: absolute(baseDir, candidate.cwd) };
      case 'builtin':
        return candidate.model === undefined ? candidate : { ...candidate, model: absolute(baseDir, candidate.model) };
      case 'http':
        return candidate;
    }
  });
  return {
    ...suite,
    candidates,
    golden_sets_dir: absolute(baseDir, suite.golden_sets_dir),
    runs_dir: absolute(baseDir, suite.runs_dir),
    ...(suite.baseline === undefined ? {} : { baseline: absolute(baseDir, suite.baseline) }),
  };
}

/** Cross-field rules the schema cannot express. Fields are dotted paths into the suite. */
export function checkSuite(suite: Suite): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  suite.candidates.forEach((candidate, index) => {
    const field = (name: string): string => `candidates.${index}.${name}`;
    const first = ids.get(candidate.id);
    if (first !== undefined) {
      problems.push({ field: field('id'), message: `duplicate candidate id '${candidate.id}' (also candidates.${first})` });
    } else ids.set(candidate.id, index);
    const mustExist = (name: string, path: string | undefined): void => {
      if (path !== undefined && !existsSync(path)) problems.push({ field: field(name), message: `file not found: ${path}` });
    };
    if (candidate.type === 'openai') {
      mustExist('prompt', candidate.prompt);
      mustExist('guidelines', candidate.guidelines);
    }
    if (candidate.type === 'module' || candidate.type === 'predictions') mustExist('path', candidate.path);
    if (candidate.type === 'builtin') mustExist('model', candidate.model);
    if (candidate.type === 'command' && candidate.cwd !== undefined) mustExist('cwd', candidate.cwd);
    if (candidate.type === 'predictions' && candidate.columns.label === undefined && candidate.columns.score === undefined) {
      problems.push({ field: field('columns'), message: 'name a label column, a score column, or both' });
    }
    if (candidate.type === 'http' && candidate.response.label === undefined && candidate.response.score === undefined) {
      problems.push({ field: field('response'), message: 'map a label path, a score path, or both' });
    }
  });
  // a malformed gate is found when the suite is read, not after a paid run
  suite.gates.forEach((text, index) => {
    const parsed = parseGate(text, { kind: 'suite', file: '', index });
    if (!parsed.ok) problems.push({ ...parsed.problem, field: `gates.${index}` });
  });
  return problems;
}
