import type { HttpCandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { CandidateCallError, excerpt, type Candidate, type TaskContext } from '../../domain/run/candidate.js';
import { extractJson, isRecord } from './extract-json.js';
import { fingerprintOf, redactSecrets } from './fingerprint.js';
import { describeCause, failureForStatus, headerReader, parseRateLimitHint } from './http-failure.js';
import { parseJsonPath, readJsonPath, type JsonPath } from './json-path.js';
import { createNodeFetch } from './node-http-fetch.js';
import { plainText, Template, type TemplateStatics } from './template.js';
import { toPrediction, type RawAnswer } from './to-prediction.js';

export interface HttpCandidateContext {
  task: TaskContext;
  env: NodeJS.ProcessEnv;
}

/** Builds one request body from one item. */
type BodyRenderer = (item: Item, statics: TemplateStatics) => unknown;

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ANSWER_FIELDS = ['label', 'score', 'category', 'rationale'] as const;

/**
 * A JSON service of the team's own: the body is a template (strings may hold `{{item.text}}`,
 * and a string that is only a placeholder keeps its value's type), header values may reference
 * `${env:NAME}` (resolved at start, never written anywhere), and the answer's fields are read
 * from the response by paths like `result.label`.
 */
export function createHttpCandidate(config: HttpCandidateConfig, context: HttpCandidateContext): Candidate {
  const { task, env } = context;
  const problems: Problem[] = [];
  const secrets: string[] = [];
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  for (const [name, template] of Object.entries(config.headers)) {
    headers[name.toLowerCase()] = template.replace(ENV_REFERENCE, (_whole, variable: string) => {
      const value = env[variable];
      if (value === undefined) {
        problems.push({ field: `headers.${name}`, message: `candidate '${config.id}': environment variable ${variable} is not set` });
        return '';
      }
      secrets.push(value);
      return value;
    });
  }
  const paths: Partial<Record<(typeof ANSWER_FIELDS)[number], JsonPath>> = {};
  for (const field of ANSWER_FIELDS) {
    const text = config.response[field];
    if (text === undefined) continue;
    const parsed = parseJsonPath(text);
    if (parsed.ok) paths[field] = parsed.path;
    else problems.push({ field: `response.${field}`, message: `candidate '${config.id}': ${parsed.reason}` });
  }
  const renderBody = compileBody(config.body ?? { id: '{{item.id}}', text: '{{item.text}}', fields: '{{item.fields}}' }, 'body', problems);
  if (problems.length > 0) throw new InputError(problems);

  const statics: TemplateStatics = {
    guidelines: '',
    labels: task.labels.join(', '),
    positive: task.positive,
    categories: task.categories.join(', '),
  };
  const clean = (text: string): string => redactSecrets(text, secrets);
  const nodeFetch = createNodeFetch();

  return {
    id: config.id,
    fingerprint: fingerprintOf({
      type: 'http',
      url: config.url,
      method: config.method,
      // header templates, not values: `${env:TOKEN}` stays a name, the token never enters a file
      headers: config.headers,
      body: config.body ?? null,
      response: config.response,
      label_map: config.label_map ?? null,
      threshold: config.threshold ?? null,
      labels: task.labels,
    }),
    cacheable: true,
    async classify(item, signal) {
      const body = renderBody(item, statics);
      let url = config.url;
      let init: RequestInit = { method: config.method, headers, signal };
      if (config.method === 'GET') url = withQuery(config.url, body);
      else init = { ...init, body: JSON.stringify(body) };
      let response: Response;
      try {
        response = await nodeFetch(url, init);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new CandidateCallError('transport', clean(describeCause(error)));
      }
      // a server may echo the credential it was sent: it is blanked before anything is parsed or kept
      const text = clean(await response.text());
      if (!response.ok) throw failureForStatus(response.status, headerReader(response.headers), text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = extractJson(text);
        if (json === undefined) throw new CandidateCallError('invalid_output', `the response is not JSON; got: ${excerpt(text, 160)}`);
      }
      const raw: RawAnswer = {};
      for (const field of ANSWER_FIELDS) {
        const path = paths[field];
        if (path !== undefined) raw[field] = readJsonPath(json, path);
      }
      const result = toPrediction(raw, task, { threshold: config.threshold, labelMap: config.label_map });
      if (!result.ok) throw new CandidateCallError('invalid_output', `${result.reason}; got: ${excerpt(text, 160)}`);
      const rateLimit = parseRateLimitHint(headerReader(response.headers));
      return { prediction: result.prediction, ...(rateLimit ? { rateLimit } : {}) };
    },
    close() {
      nodeFetch.close();
      return Promise.resolve();
    },
  };
}

/** Compile the body template once: a tree of constant parts and placeholder strings. */
function compileBody(template: unknown, field: string, problems: Problem[]): BodyRenderer {
  if (typeof template === 'string') {
    const parsed = Template.parse(template, { field });
    problems.push(...parsed.problems);
    if (parsed.template.names.size === 0) return () => template;
    return (item, statics) => {
      const sole = parsed.template.soleValue(item, statics);
      return sole ? (sole.value ?? null) : parsed.template.render(item, statics, (_name, value) => plainText(value));
    };
  }
  if (Array.isArray(template)) {
    const parts = template.map((part, index) => compileBody(part, `${field}.${index}`, problems));
    return (item, statics) => parts.map((part) => part(item, statics));
  }
  if (isRecord(template)) {
    const parts = Object.entries(template).map(([key, value]) => [key, compileBody(value, `${field}.${key}`, problems)] as const);
    return (item, statics) => Object.fromEntries(parts.map(([key, part]) => [key, part(item, statics)]));
  }
  return () => template;
}

/** A GET request carries the body's top-level fields as query parameters. */
function withQuery(base: string, body: unknown): string {
  const url = new URL(base);
  if (isRecord(body)) {
    for (const [key, value] of Object.entries(body)) url.searchParams.set(key, plainText(value));
  }
  return url.toString();
}
