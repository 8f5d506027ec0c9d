import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';

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
  // Node 20 loads its fetch implementation (undici: Headers, Request, Response) on first use,
  // 12–20 ms here; the SDK builds a Headers for every request, so it is loaded while the candidate
  // is built rather than in the run's first call
  new Headers();
  // as many sockets as calls in flight: the runner's concurrency is the limit
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  // a candidate calls the same URL thousands of times: it is parsed once, not per call
  let last: Target | undefined;
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (input instanceof Request || !simpleBody) return fetch(input, init);
    const href = String(input);
    if (last?.href !== href) last = targetOf(href);
    const target = last;
    const headers = outgoingHeaders(init.headers);
    // bytes rather than a string: Node would join a string body to the header block in a new
    // string before writing it, and measure and encode it twice
    const bytes = typeof body === 'string' ? Buffer.from(body) : (body ?? undefined);
    if (bytes !== undefined) headers['content-length'] = bytes.byteLength;
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const request = (target.secure ? httpsRequest : httpRequest)(
        { ...target.options, method: init.method ?? 'GET', headers, agent: target.secure ? agents.https : agents.http },
        (response) => {
          readBody(response).then((content) => resolve(toResponse(response, content, href)), reject);
        },
      );
      // one listener of our own rather than handing the signal to http.request, whose stream
      // plumbing adds half a dozen listeners per request; as with fetch, an abort rejects with
      // the signal's reason
      const onAbort = (): void => {
        reject(signal?.reason);
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('close', () => signal?.removeEventListener('abort', onAbort));
      request.on('error', reject);
      request.end(bytes);
    });
  };
  return Object.assign(nodeFetch, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

interface Target {
  href: string;
  secure: boolean;
  options: RequestOptions;
}

function targetOf(href: string): Target {
  const url = new URL(href);
  return { href, secure: url.protocol === 'https:', options: urlToHttpOptions(url) };
}

function outgoingHeaders(init: RequestInit['headers']): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  if (init === undefined) return headers;
  // the SDK hands over a Headers object already: read it rather than copy it into another
  const given = init instanceof Headers ? init : new Headers(init);
  given.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
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
