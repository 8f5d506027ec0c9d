import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` for JSON APIs on node:http with keep-alive connections, one pool per candidate.
 *
 * Why not the global fetch: in Node 20 every undici `fetch` builds WHATWG streams for the request
 * and the response, and at a few thousand calls a minute that, not the network, becomes the
 * runner's limit (the benchmark measured a third less CPU per call through the OpenAI SDK with
 * this). Bodies are strings or bytes here; anything else (a stream, a `Request` object) goes to
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
          readBody(response).then((bytes) => resolve(toResponse(response, bytes)), reject);
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

function toResponse(response: IncomingMessage, bytes: Buffer): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] ?? '', raw[index + 1] ?? '');
  const status = response.statusCode ?? 502;
  // statuses without a body (204, 304) must not be given one
  const nullBody = status === 204 || status === 205 || status === 304 || bytes.length === 0;
  return new Response(nullBody ? null : bytes, { status, statusText: response.statusMessage ?? '', headers });
}
