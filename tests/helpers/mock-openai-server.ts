import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (node:http, random port), scriptable per
 * test: each request is answered by a handler that can return a chat completion (JSON or text
 * content, refusals, usage), any status with any headers (429 + Retry-After, 500, rate-limit
 * headers), a connection reset, or no answer at all. Every request is logged.
 */

export interface MockRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`undefined` when there was none or it was not JSON). */
  body: unknown;
  /** The chat messages' contents joined by blank lines ('' for non-chat requests). */
  prompt: string;
  /** The item's text as delimited in the prompt (`<item_text>`), else the body's `text`. */
  itemText: string;
  /** `ITEM_ID=<id>` in the prompt, else the body's `id`. */
  itemId: string | undefined;
  receivedAt: number;
}

interface ReplyTiming {
  delayMs?: number;
  headers?: Record<string, string>;
}

export type MockReply = ReplyTiming &
  (
    | {
        type: 'chat';
        /** Becomes the message content as JSON text. */
        json?: unknown;
        /** The message content verbatim (wins over `json`). */
        content?: string | null;
        refusal?: string;
        finishReason?: string;
        usage?: { prompt_tokens: number; completion_tokens: number } | null;
      }
    | { type: 'json'; status?: number; body: unknown }
    | { type: 'text'; status?: number; body: string }
    | { type: 'reset' }
    | { type: 'hang' }
  );

export type MockHandler = (request: MockRequest) => MockReply | Promise<MockReply>;

export interface MockServerOptions {
  /** Added before every reply. */
  latencyMs?: number;
  handler?: MockHandler;
  /** Keep the request log (off for the benchmark, where it only costs memory). */
  log?: boolean;
}

export interface MockServer {
  /** Base URL for the OpenAI SDK, e.g. `http://127.0.0.1:41234/v1`. */
  baseURL: string;
  /** Origin without a path, for http candidates. */
  origin: string;
  requests: MockRequest[];
  setHandler(handler: MockHandler): void;
  setLatency(ms: number): void;
  /** Requests whose item id is `id`. */
  requestsFor(id: string): MockRequest[];
  close(): Promise<void>;
}

/** A chat answer whose content is `value` as JSON. */
export function chat(value: unknown, extra: Omit<Extract<MockReply, { type: 'chat' }>, 'type' | 'json'> = {}): MockReply {
  return { type: 'chat', json: value, ...extra };
}

/** A chat answer whose content is exactly `content`. */
export function chatText(content: string | null, extra: Omit<Extract<MockReply, { type: 'chat' }>, 'type' | 'content'> = {}): MockReply {
  return { type: 'chat', content, ...extra };
}

/** An OpenAI-style error body with a status. */
export function apiError(status: number, message: string, headers: Record<string, string> = {}, code?: string): MockReply {
  return { type: 'json', status, headers, body: { error: { message, type: 'mock_error', code: code ?? null, param: null } } };
}

/** Spam if the item's text has a marketing word; the score says how sure. */
export function keywordAnswer(request: MockRequest): MockReply {
  const spam = /\b(free|win|winner|buy|cheap|click|offer)\b/i.test(request.itemText);
  return chat({ label: spam ? 'spam' : 'not_spam', score: spam ? 0.9 : 0.1, rationale: spam ? 'marketing words' : 'ordinary mail' });
}

/**
 * Wrap a handler with a fixed-window request limit: replies carry OpenAI's
 * `x-ratelimit-remaining-requests` / `x-ratelimit-reset-requests`, and a request over the limit
 * gets 429 with `retry-after-ms`. `refused()` counts those 429s.
 */
export function fixedWindowLimit(limit: number, windowMs: number, inner: MockHandler): MockHandler & { refused: () => number } {
  let windowStart = Date.now();
  let used = 0;
  let refused = 0;
  const handler = async (request: MockRequest): Promise<MockReply> => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now - ((now - windowStart) % windowMs);
      used = 0;
    }
    const resetMs = Math.max(1, windowStart + windowMs - now);
    if (used >= limit) {
      refused += 1;
      return apiError(429, 'Rate limit reached for requests', { 'retry-after-ms': String(resetMs) });
    }
    used += 1;
    const reply = await inner(request);
    const headers = {
      ...reply.headers,
      'x-ratelimit-remaining-requests': String(limit - used),
      'x-ratelimit-reset-requests': `${resetMs}ms`,
    };
    return { ...reply, headers };
  };
  return Object.assign(handler, { refused: () => refused });
}

function textOfMessages(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('messages' in body) || !Array.isArray(body.messages)) return '';
  return body.messages
    .map((message: unknown) =>
      typeof message === 'object' && message !== null && 'content' in message && typeof message.content === 'string' ? message.content : '',
    )
    .join('\n\n');
}

function bodyField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null || !(key in body)) return undefined;
  const value: unknown = Reflect.get(body, key);
  return typeof value === 'string' ? value : undefined;
}

function toRequest(index: number, incoming: IncomingMessage, raw: string): MockRequest {
  let body: unknown;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const prompt = textOfMessages(body);
  const delimited = /<item_text>\n([\s\S]*?)\n<\/item_text>/.exec(prompt);
  return {
    index,
    method: incoming.method ?? 'GET',
    path: url.pathname + url.search,
    headers: incoming.headers,
    body,
    prompt,
    itemText: delimited?.[1] ?? bodyField(body, 'text') ?? url.searchParams.get('text') ?? '',
    itemId: /ITEM_ID=(\S+)/.exec(prompt)?.[1] ?? bodyField(body, 'id') ?? url.searchParams.get('id') ?? undefined,
    receivedAt: Date.now(),
  };
}

function chatCompletion(reply: Extract<MockReply, { type: 'chat' }>, request: MockRequest, index: number): unknown {
  const content = reply.content !== undefined ? reply.content : reply.refusal !== undefined ? null : JSON.stringify(reply.json ?? {});
  const usage =
    reply.usage === null
      ? undefined
      : (reply.usage ?? { prompt_tokens: Math.ceil(request.prompt.length / 4), completion_tokens: Math.ceil((content ?? '').length / 4) + 1 });
  const model = bodyField(request.body, 'model') ?? 'mock-model';
  return {
    id: `chatcmpl-mock-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: reply.refusal ?? null },
        finish_reason: reply.finishReason ?? 'stop',
        logprobs: null,
      },
    ],
    ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
  };
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string, type: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export async function startMockOpenAIServer(options: MockServerOptions = {}): Promise<MockServer> {
  let handler: MockHandler = options.handler ?? keywordAnswer;
  let latencyMs = options.latencyMs ?? 0;
  const keepLog = options.log ?? true;
  const requests: MockRequest[] = [];
  let count = 0;
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const index = count;
      count += 1;
      const request = toRequest(index, incoming, Buffer.concat(chunks).toString('utf8'));
      if (keepLog) requests.push(request);
      void Promise.resolve(handler(request)).then((reply) => {
        const delay = latencyMs + (reply.delayMs ?? 0);
        const respond = (): void => {
          if (response.destroyed) return;
          const headers = reply.headers ?? {};
          switch (reply.type) {
            case 'hang':
              return;
            case 'reset':
              incoming.socket.destroy();
              return;
            case 'chat':
              send(response, 200, headers, JSON.stringify(chatCompletion(reply, request, index)), 'application/json');
              return;
            case 'json':
              send(response, reply.status ?? 200, headers, JSON.stringify(reply.body), 'application/json');
              return;
            case 'text':
              send(response, reply.status ?? 200, headers, reply.body, 'text/plain');
          }
        };
        if (delay > 0) setTimeout(respond, delay);
        else respond();
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseURL: `${origin}/v1`,
    origin,
    requests,
    setHandler(next) {
      handler = next;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    requestsFor: (id) => requests.filter((request) => request.itemId === id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
