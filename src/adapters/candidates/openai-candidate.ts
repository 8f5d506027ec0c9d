import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { OpenAICandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { CandidateCallError, excerpt, type Candidate, type CandidateAnswer, type TaskContext } from '../../domain/run/candidate.js';
import type { Usage } from '../../domain/run/prediction.js';
import { DEFAULT_LIMITS } from '../../engine/run-candidate.js';
import { extractJson } from './extract-json.js';
import { fingerprintOf, redactSecrets } from './fingerprint.js';
import { describeCause, failureForStatus, headerReader, parseRateLimitHint } from './http-failure.js';
import { createNodeFetch } from './node-http-fetch.js';
import { parsePromptMessages } from './prompt-messages.js';
import type { TemplateStatics } from './template.js';
import { toPrediction } from './to-prediction.js';

type ResponseMode = OpenAICandidateConfig['response_format'];

export interface OpenAICandidateContext {
  task: TaskContext;
  env: NodeJS.ProcessEnv;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * A chat-completions endpoint through the `openai` SDK: OpenAI itself, Azure OpenAI's v1 API,
 * vLLM, Ollama, LM Studio — anything that speaks the protocol at `base_url`. The SDK's own
 * retries are off (the runner owns retries, backoff and the error budget); the key is read from
 * the environment and kept out of every message.
 */
export function createOpenAICandidate(config: OpenAICandidateConfig, context: OpenAICandidateContext): Candidate {
  const { task, env } = context;
  const problems: Problem[] = [];
  const promptText = readFileSync(config.prompt, 'utf8');
  const guidelines = config.guidelines === undefined ? '' : readFileSync(config.guidelines, 'utf8').trim();
  const parsed = parsePromptMessages(promptText, config.prompt, config.system);
  problems.push(...parsed.problems);
  const baseURL = (config.base_url ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiKey = env[config.api_key_env];
  if ((apiKey === undefined || apiKey === '') && config.base_url === undefined) {
    problems.push({
      message: `candidate '${config.id}': the environment variable ${config.api_key_env} holding the API key is not set`,
      hint: `export ${config.api_key_env}=... (or name another variable with api_key_env)`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);

  const statics: TemplateStatics = {
    guidelines,
    labels: task.labels.join(', '),
    positive: task.positive,
    categories: task.categories.length > 0 ? task.categories.join(', ') : '(none)',
  };
  const secrets = apiKey ? [apiKey] : [];
  const nodeFetch = createNodeFetch();
  const client = new OpenAI({
    // local servers (Ollama, vLLM, LM Studio) need no key, but the SDK insists on one
    apiKey: apiKey || 'unused',
    baseURL,
    maxRetries: 0,
    // the runner's per-call timeout fires first; this only backs it up
    timeout: (config.timeout_ms ?? DEFAULT_LIMITS.timeoutMs) + 5_000,
    logLevel: 'off',
    fetch: nodeFetch,
  });
  const request = requestBody(config);
  const encodeMessages = parsed.messages.jsonEncoder(statics);
  let mode: ResponseMode = config.response_format;
  let encodeBody = bodyEncoder({ ...request, ...responseFormat(mode, task) }, encodeMessages);
  const textMode = (): void => {
    mode = 'text';
    encodeBody = bodyEncoder({ ...request, ...responseFormat(mode, task) }, encodeMessages);
  };

  const callOnce = async (item: Item, signal: AbortSignal): Promise<CandidateAnswer> => {
    // what `chat.completions.create` does, with the body already encoded: the SDK sends bytes as
    // they are, so the parts that are the same for every item are not JSON-encoded per call
    const { data, response } = await client
      .post<ChatCompletion>('/chat/completions', { body: encodeBody(item), headers: JSON_CONTENT, signal })
      .withResponse();
    const rateLimit = parseRateLimitHint(headerReader(response.headers));
    return { ...interpret(data, task, config, secrets), ...(rateLimit ? { rateLimit } : {}) };
  };

  return {
    id: config.id,
    fingerprint: fingerprintOf({
      type: 'openai',
      baseURL,
      model: config.model,
      prompt: promptText,
      guidelines,
      system: config.system ?? null,
      temperature: config.temperature ?? null,
      max_tokens: config.max_tokens ?? null,
      seed: config.seed ?? null,
      response_format: config.response_format,
      extra_body: config.extra_body ?? null,
      threshold: config.threshold ?? null,
      labels: task.labels,
      positive: task.positive,
      categories: task.categories,
    }),
    cacheable: true,
    async classify(item, signal) {
      try {
        return await callOnce(item, signal);
      } catch (error) {
        // servers without structured output say so once; from then on the answer is parsed from text
        if (mode !== 'text' && unsupportedFormat(error)) {
          textMode();
          return await callOnce(item, signal).catch((retry: unknown) => {
            throw callError(retry, config, secrets);
          });
        }
        throw callError(error, config, secrets);
      }
    },
    close() {
      nodeFetch.close();
      return Promise.resolve();
    },
  };
}

function requestBody(config: OpenAICandidateConfig): Omit<ChatCompletionCreateParamsNonStreaming, 'messages'> {
  return {
    // provider-specific parameters first, so they can never override the ones spameval owns
    ...config.extra_body,
    model: config.model,
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.max_tokens === undefined ? {} : { max_tokens: config.max_tokens }),
    ...(config.seed === undefined ? {} : { seed: config.seed }),
  };
}

const JSON_CONTENT = { 'content-type': 'application/json' };

/**
 * The request body as bytes, `JSON.stringify({ ...params, messages })` byte for byte: `params`
 * (model, sampling, response format) are encoded once, `messages` gives each item's messages
 * as a JSON array.
 */
export function bodyEncoder(params: Omit<ChatCompletionCreateParamsNonStreaming, 'messages'>, messages: (item: Item) => Buffer): (item: Item) => Buffer {
  // the messages go where JSON.stringify puts them, which is not last when extra_body names a
  // `messages` key: a slot no parameter can contain marks the place
  const slot = `\u0000${randomUUID()}`;
  const [head = '', tail = ''] = JSON.stringify({ ...params, messages: slot }).split(JSON.stringify(slot));
  const [open, close] = [Buffer.from(head), Buffer.from(tail)];
  return (item) => Buffer.concat([open, messages(item), close]);
}

/** The JSON schema of an answer: the label constrained to the golden set's labels. */
export function answerSchema(task: TaskContext): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    // the rationale first, so a model that writes in order reasons before it decides
    rationale: { type: 'string', description: 'One or two sentences citing the guideline that decides.' },
    label: { type: 'string', enum: [...task.labels] },
    score: { type: 'number', description: `Probability from 0 to 1 that the item is '${task.positive}'.` },
  };
  if (task.categories.length > 0) {
    properties.category = {
      type: ['string', 'null'],
      enum: [...task.categories, null],
      description: `The ${task.positive} subtype, or null.`,
    };
  }
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

function responseFormat(mode: ResponseMode, task: TaskContext): Pick<ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  if (mode === 'json_schema') {
    return { response_format: { type: 'json_schema', json_schema: { name: 'spam_decision', strict: true, schema: answerSchema(task) } } };
  }
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  return {};
}

function unsupportedFormat(error: unknown): boolean {
  return (
    error instanceof APIError &&
    (error.status === 400 || error.status === 422) &&
    /response_format|json_schema|json_object|structured output/i.test(error.message)
  );
}

/** The model's message as a prediction, or the error it amounts to (with what came back). */
function interpret(completion: ChatCompletion, task: TaskContext, config: OpenAICandidateConfig, secrets: readonly string[]): CandidateAnswer {
  const usage: Usage | undefined = completion.usage
    ? { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens }
    : undefined;
  const costUsd = usage && config.price ? costOf(usage, config.price) : undefined;
  const paid = { ...(usage ? { usage } : {}), ...(costUsd === undefined ? {} : { costUsd }) };
  const choice = completion.choices[0];
  const message = choice?.message;
  // a server may echo the credential it was sent: it is blanked before anything is parsed or kept
  if (message?.refusal) throw new CandidateCallError('refused', `refused: ${excerpt(redactSecrets(message.refusal, secrets), 200)}`, paid);
  if (choice?.finish_reason === 'content_filter') {
    throw new CandidateCallError('refused', 'the provider\'s content filter withheld the answer', paid);
  }
  const content = redactSecrets(message?.content ?? '', secrets);
  const json = extractJson(content);
  const result = toPrediction(json ?? { label: bareLabel(content) }, task, { threshold: config.threshold });
  if (!result.ok) {
    const cut = choice?.finish_reason === 'length' ? ' (cut off at max_tokens)' : '';
    const reason = json === undefined && content.trim() !== '' ? 'no JSON answer' : result.reason;
    throw new CandidateCallError('invalid_output', `${reason}${cut}; got: ${excerpt(content, 160) || '(empty)'}`, paid);
  }
  return { prediction: result.prediction, ...paid };
}

/** A reply that is only a label (`Spam.`), as small local models often give. */
function bareLabel(content: string): string | undefined {
  const word = content.trim().replace(/^["'`*\s]+|["'`*.!\s]+$/g, '');
  return word === '' || /\s{2,}|\n/.test(word) || word.length > 60 ? undefined : word;
}

export function costOf(usage: Usage, price: NonNullable<OpenAICandidateConfig['price']>): number {
  return (usage.inputTokens * price.input_per_million + usage.outputTokens * price.output_per_million) / 1_000_000;
}

function callError(error: unknown, config: OpenAICandidateConfig, secrets: readonly string[]): unknown {
  const clean = (text: string): string => redactSecrets(text, secrets);
  if (error instanceof CandidateCallError || error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionTimeoutError) return new CandidateCallError('timeout', 'the connection timed out');
  if (error instanceof APIConnectionError) return new CandidateCallError('transport', clean(describeCause(error)));
  if (error instanceof APIError && error.status !== undefined) {
    const detail = clean(error.message.replace(/^\d{3}\s+/, ''));
    return failureForStatus(error.status, headerReader(error.headers), detail, { authEnv: config.api_key_env });
  }
  return new CandidateCallError('transport', clean(error instanceof Error ? error.message : String(error)));
}
