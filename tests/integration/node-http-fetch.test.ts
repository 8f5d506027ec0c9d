import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BufferedResponse, createNodeFetch } from '../../src/adapters/candidates/node-http-fetch.js';
import { chat } from '../helpers/mock-openai-server.js';
import { useMockServer } from './run-helpers.js';

const mock = useMockServer();

describe('createNodeFetch', () => {
  it('posts a body with its headers and returns status, headers and JSON like fetch', async () => {
    mock.server.setHandler(() => ({ ...chat({ label: 'spam' }), headers: { 'x-ratelimit-remaining-requests': '9' } }));
    const nodeFetch = createNodeFetch();
    const response = await nodeFetch(`${mock.server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json', authorization: 'Bearer k' }),
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hé ✓' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('X-RateLimit-Remaining-Requests')).toBe('9');
    expect(await response.json()).toMatchObject({ choices: [{ message: { content: '{"label":"spam"}' } }] });
    // the body is read once, as with fetch
    expect(() => response.clone()).toThrow(TypeError);
    const request = mock.server.requests[0];
    expect(request?.headers.authorization).toBe('Bearer k');
    expect(request?.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hé ✓' }] });
    nodeFetch.close();
  });

  it('reports error statuses as responses and network failures and aborts as rejections', async () => {
    const nodeFetch = createNodeFetch();
    mock.server.setHandler(() => ({ type: 'text', status: 503, body: 'busy' }));
    const busy = await nodeFetch(`${mock.server.origin}/x`);
    expect([busy.status, busy.ok, await busy.text()]).toEqual([503, false, 'busy']);

    mock.server.setHandler(() => ({ type: 'reset' }));
    await expect(nodeFetch(`${mock.server.origin}/x`)).rejects.toThrow(/socket hang up|ECONNRESET/);

    mock.server.setHandler(() => ({ type: 'hang' }));
    const controller = new AbortController();
    const pending = nodeFetch(`${mock.server.origin}/x`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
    nodeFetch.close();
  });

  it('rejects an aborted call with the reason of its signal, and leaves no listener behind', async () => {
    const nodeFetch = createNodeFetch();
    mock.server.setHandler(() => ({ type: 'hang' }));
    const controller = new AbortController();
    const pending = nodeFetch(`${mock.server.origin}/x`, { signal: controller.signal });
    const reason = new Error('the run was stopped');
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    await expect(nodeFetch(`${mock.server.origin}/x`, { signal: controller.signal })).rejects.toBe(reason);

    mock.server.setHandler(() => chat({ label: 'spam' }));
    const finished = new AbortController();
    const response = await nodeFetch(`${mock.server.origin}/x`, { method: 'POST', body: '{}', signal: finished.signal });
    await response.text();
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(finished.signal, 'abort')).toHaveLength(0);
    nodeFetch.close();
  });

  it('serves the buffered body as a stream when asked', async () => {
    const response = new BufferedResponse(Buffer.from('{"a":1}'), { status: 200, statusText: 'OK', headers: new Headers(), url: 'http://x' });
    const chunks: Uint8Array[] = [];
    const body = response.body;
    if (body === null) throw new Error('expected a body');
    for await (const chunk of body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
  });
});
