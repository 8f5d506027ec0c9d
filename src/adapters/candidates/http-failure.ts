import { CandidateCallError, excerpt, type RateLimitHint } from '../../domain/run/candidate.js';

/** Reads one response header (case-insensitive); fits both fetch's and the OpenAI SDK's `Headers`. */
export type HeaderReader = (name: string) => string | null | undefined;

export function headerReader(headers: { get(name: string): string | null } | undefined): HeaderReader {
  return (name) => headers?.get(name);
}

/**
 * The failure an HTTP status stands for. Rate limits and server trouble are retryable (with the
 * server's Retry-After); a request the server rejects (400, 401, 404...) would be rejected again,
 * so it is recorded at once with the server's reason and, for auth, a hint.
 */
export function failureForStatus(status: number, header: HeaderReader, detail: string, hint?: { authEnv?: string }): CandidateCallError {
  const reason = detail.trim() === '' ? '' : `: ${excerpt(detail, 300)}`;
  const retryAfterMs = parseRetryAfter(header);
  const timing = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) {
    // an exhausted quota (OpenAI `insufficient_quota`) does not come back by waiting
    const quota = /insufficient_quota|quota/i.test(detail);
    return new CandidateCallError('rate_limited', `HTTP 429${reason}`, { retryable: !quota, ...timing });
  }
  if (status === 408) return new CandidateCallError('timeout', `HTTP 408${reason}`, { retryable: true, ...timing });
  if (status === 409 || status === 425 || status >= 500) {
    return new CandidateCallError('transport', `HTTP ${status}${reason}`, { retryable: true, ...timing });
  }
  if (/content[_ ]?filter|content_policy|safety system/i.test(detail)) {
    return new CandidateCallError('refused', `HTTP ${status}${reason}`, { retryable: false });
  }
  const authHint =
    (status === 401 || status === 403) && hint?.authEnv !== undefined ? ` (check the key in $${hint.authEnv})` : '';
  return new CandidateCallError('transport', `HTTP ${status}${reason}${authHint}`, { retryable: false });
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; in ms, never negative. */
export function parseRetryAfter(header: HeaderReader): number | undefined {
  const ms = Number.parseFloat(header('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = header('retry-after');
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * The rate-limit budget a server announces: OpenAI's `x-ratelimit-{limit,remaining,reset}-
 * {requests,tokens}` (reset as a duration such as `1s`, `6m0s`, `20ms`), or the IETF draft's
 * `ratelimit-remaining` / `ratelimit-reset` (seconds) for requests.
 */
export function parseRateLimitHint(header: HeaderReader): RateLimitHint | undefined {
  const hint: RateLimitHint = {};
  const set = (key: keyof RateLimitHint, value: number | undefined): void => {
    if (value !== undefined) hint[key] = value;
  };
  set('remainingRequests', count(header('x-ratelimit-remaining-requests') ?? header('ratelimit-remaining')));
  set('remainingTokens', count(header('x-ratelimit-remaining-tokens')));
  set('limitRequests', count(header('x-ratelimit-limit-requests') ?? header('ratelimit-limit')));
  set('limitTokens', count(header('x-ratelimit-limit-tokens')));
  const ietfReset = count(header('ratelimit-reset'));
  set('resetRequestsMs', parseDuration(header('x-ratelimit-reset-requests')) ?? (ietfReset === undefined ? undefined : ietfReset * 1000));
  set('resetTokensMs', parseDuration(header('x-ratelimit-reset-tokens')));
  return Object.keys(hint).length > 0 ? hint : undefined;
}

function count(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/** `6m0s`, `1.5s`, `20ms`, `1h2m` or a bare number of seconds, in ms. */
export function parseDuration(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = text;
  // each pass consumes one `<number><unit>` part, so the loop ends with the text
  while (rest.length > 0) {
    const part = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!part?.[1] || !part[2]) return undefined;
    total += Number(part[1]) * (unitMs[part[2]] ?? 0);
    rest = rest.slice(part[0].length);
  }
  return total;
}

/** "fetch failed: other side closed (UND_ERR_SOCKET)": for a network failure the cause is the useful part. */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = 'code' in current && typeof current.code === 'string' ? ` (${current.code})` : '';
    parts.push(`${current.message.replace(/\.$/, '')}${code}`);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
