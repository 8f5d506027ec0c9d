import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` for JSON APIs on node:http with keep-alive connections, one pool per candidate.
 *
 * Why not the global fetch: in Node 20 every undici `fetch` builds WHATWG streams for the request
 * and the response, and at a few thousand calls a minute that, not the network, becomes the
 * runner's limit (through the OpenAI SDK this and `BufferedResponse` halved the client's CPU per
 * call in the benchmark). Bodies are strings or bytes here; anything else (a stream, a `Request` object) goes to
 * the global fetch unchanged.
 */
export function createNodeFetch(): FetchFunction & { close(): void } {
  // as many sockets as calls in flight: the runner's concurrency is the limit
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (input instanceof Request || !simpleBody) return fetch(input, init);
    const url = new URL(String(input));
    const secure = url.protocol === 'https:';
    const headers: OutgoingHttpHeaders = {};
    // the SDK hands over a Headers object already: read it rather than copy it into another
    const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    given.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined && body !== null) headers['content-length'] = Buffer.byteLength(body);
    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          agent: secure ? agents.https : agents.http,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          readBody(response).then((bytes) => resolve(toResponse(response, bytes, url.href)), reject);
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  };
  return Object.assign(nodeFetch, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

function readBody(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(new Error('the connection closed before the response was complete'));
    });
  });
}

function toResponse(response: IncomingMessage, bytes: Buffer, url: string): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] ?? '', raw[index + 1] ?? '');
  return new BufferedResponse(bytes, { status: response.statusCode ?? 502, statusText: response.statusMessage ?? '', headers, url });
}

/**
 * A `Response` over a body already read into memory. The global `Response` wraps every body in a
 * WHATWG stream even when it is only ever `.json()`-ed; for a few hundred bytes of JSON that cost
 * more CPU than the rest of the call (the benchmark measured a fifth of the client's CPU). The
 * stream is made only if someone asks for `body`.
 */
export class BufferedResponse implements Response {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly type: Response['type'] = 'basic';
  readonly redirected = false;
  private used = false;

  constructor(
    private readonly content: Buffer,
    init: { status: number; statusText: string; headers: Headers; url: string },
  ) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
    this.ok = init.status >= 200 && init.status < 300;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.content.length === 0) return null;
    const bytes = this.take();
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes));
        controller.close();
      },
    });
  }

  text(): Promise<string> {
    return Promise.resolve(this.take().toString('utf8'));
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return Promise.resolve(new Uint8Array(bytes).buffer);
  }

  bytes(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.take()));
  }

  blob(): Promise<Blob> {
    return Promise.resolve(new Blob([new Uint8Array(this.take())]));
  }

  formData(): Promise<FormData> {
    return Promise.reject(new TypeError('formData() is not supported for JSON API responses'));
  }

  clone(): Response {
    if (this.used) throw new TypeError('the body has already been read');
    return new BufferedResponse(this.content, { status: this.status, statusText: this.statusText, headers: new Headers(this.headers), url: this.url });
  }

  /** A body is read once, as with fetch. */
  private take(): Buffer {
    if (this.used) throw new TypeError('the body has already been read');
    this.used = true;
    return this.content;
  }
}
