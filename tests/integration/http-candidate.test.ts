import { describe, expect, it } from 'vitest';
import { createHttpCandidate } from '../../src/adapters/candidates/http-candidate.js';
import { HttpCandidateSchema } from '../../src/config/candidate-schemas.js';
import { InputError } from '../../src/domain/problems.js';
import type { Candidate } from '../../src/domain/run/candidate.js';
import { makeItem, runItems, TASK, useMockServer } from './run-helpers.js';

const TOKEN = 'tok-http-5a1e9c0d77';
const mock = useMockServer();

function http(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = { SCORER_TOKEN: TOKEN }): Candidate {
  const config = HttpCandidateSchema.parse({
    id: 'scorer',
    type: 'http',
    url: `${mock.server.origin}/score`,
    headers: { Authorization: 'Bearer ${env:SCORER_TOKEN}', 'X-Team': 'trust-safety' },
    body: { input: { id: '{{item.id}}', content: '{{item.text}}', meta: '{{item.fields}}' }, note: 'id={{item.id}} labels={{labels}}', top_k: 1 },
    response: { label: 'result.decision', score: 'result.scores[0].value', rationale: 'why' },
    label_map: { '1': 'spam', '0': 'not_spam' },
    ...overrides,
  });
  return createHttpCandidate(config, { task: TASK, env });
}

describe('http candidate', () => {
  it('renders the body template (values keep their type), sends env headers and maps the response by path', async () => {
    mock.server.setHandler(() => ({ type: 'json', body: { result: { decision: 1, scores: [{ value: 0.93 }] }, why: 'known spam domain' } }));
    const answer = await http().classify(makeItem('h1', 'visit "cheap" pills', { fields: { url: 'http://p.test', age_days: 2 } }), new AbortController().signal);
    expect(answer.prediction).toEqual({ label: 'spam', score: 0.93, rationale: 'known spam domain' });
    const request = mock.server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.body).toEqual({
      input: { id: 'h1', content: 'visit "cheap" pills', meta: { url: 'http://p.test', age_days: 2 } },
      note: 'id=h1 labels=spam, not_spam',
      top_k: 1,
    });
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['x-team']).toBe('trust-safety');
  });

  it('sends the body as query parameters for GET', async () => {
    mock.server.setHandler(() => ({ type: 'json', body: { result: { decision: 0 } } }));
    const candidate = http({ method: 'GET', body: { id: '{{item.id}}', text: '{{item.text}}' } });
    const answer = await candidate.classify(makeItem('g1', 'hello & bye'), new AbortController().signal);
    expect(answer.prediction).toEqual({ label: 'not_spam' });
    expect(mock.server.requests[0]?.path).toBe('/score?id=g1&text=hello+%26+bye');
  });

  it('maps statuses and bad responses to error kinds, and keeps the token out of messages', async () => {
    const replies = [
      { type: 'json' as const, status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } },
      { type: 'text' as const, status: 502, body: 'bad gateway' },
      { type: 'text' as const, status: 403, body: `token ${TOKEN} is not allowed` },
      { type: 'text' as const, body: '<html>oops</html>' },
      { type: 'json' as const, body: { result: { decision: 7 } } },
    ];
    let next = 0;
    mock.server.setHandler(() => replies[next++] ?? { type: 'reset' });
    const { sink } = await runItems(http(), ['a', 'b', 'c', 'd', 'e'].map((id) => makeItem(id, 'x')), {
      limits: { concurrency: 1, timeoutMs: 5000, maxAttempts: 1, baseBackoffMs: 1, maxBackoffMs: 1 },
    });
    expect(sink.records.map((record) => (record.status === 'error' ? record.error.kind : 'ok'))).toEqual([
      'rate_limited',
      'transport',
      'transport',
      'invalid_output',
      'invalid_output',
    ]);
    const forbidden = sink.byId('c');
    expect(forbidden?.status === 'error' ? forbidden.error.message : '').toBe('HTTP 403: token [redacted] is not allowed');
    const badLabel = sink.byId('e');
    expect(badLabel?.status === 'error' ? badLabel.error.message : '').toMatch(/^label '7' is not one of spam, not_spam/);
  });

  it('is an input error when a header names an unset variable or a path is malformed', () => {
    expect(() => http({}, {})).toThrow(InputError);
    expect(() => http({}, {})).toThrow(/SCORER_TOKEN is not set/);
    expect(() => http({ response: { label: 'result..decision' } })).toThrow(/response\.label/);
  });

  it('keeps secrets out of the fingerprint: the header template counts, the token does not', () => {
    expect(http({}, { SCORER_TOKEN: 'tok-another-one-999' }).fingerprint).toBe(http().fingerprint);
    expect(http({ url: `${mock.server.origin}/v2/score` }).fingerprint).not.toBe(http().fingerprint);
  });
});
