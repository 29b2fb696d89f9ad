import { describe, expect, it } from 'vitest';
import { isIdempotent, retryAfterMs, retryDelayMs, type RetryDecision, type RetryInput } from '../../src/graph/retry';

const NOW = Date.parse('2025-05-01T10:00:00Z');
const mid = () => 0.5;

describe('retryAfterMs', () => {
  const cases: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['0', 0],
    ['7', 7000],
    [' 12 ', 12_000],
    ['Thu, 01 May 2025 10:00:30 GMT', 30_000],
    ['Thu, 01 May 2025 09:59:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    // delta-seconds are whole seconds: anything else is unparsable, so backoff applies.
    ['1.5', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s → %s ms', (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });
});

describe('retryDelayMs: the table of SPEC.md §2.6', () => {
  const base: RetryInput = { status: 429, retries: 0, idempotent: true, waitedInRunMs: 0, now: NOW, random: mid };
  const cases: Array<[string, Partial<RetryInput>, RetryDecision]> = [
    ['429 with Retry-After 7', { retryAfter: '7' }, { retry: true, delayMs: 7000 }],
    ['503 with an HTTP date', { status: 503, retryAfter: 'Thu, 01 May 2025 10:00:20 GMT' }, { retry: true, delayMs: 20_000 }],
    ['504 backs off 1 s on the first retry', { status: 504 }, { retry: true, delayMs: 1000 }],
    ['backoff doubles: 3rd retry waits 4 s', { status: 503, retries: 2 }, { retry: true, delayMs: 4000 }],
    ['backoff: 4th retry waits 8 s', { status: 503, retries: 3 }, { retry: true, delayMs: 8000 }],
    ['Retry-After 60 is honoured', { retryAfter: '60' }, { retry: true, delayMs: 60_000 }],
    ['Retry-After 61 is not', { retryAfter: '61' }, { retry: false, note: 'Graph asked to retry after 61 s; not waiting.' }],
    ['unparsable Retry-After counts as absent', { retryAfter: 'later' }, { retry: true, delayMs: 1000 }],
    ['at most 4 retries', { retries: 4 }, { retry: false, note: 'Gave up after 4 retries (0 s waited).' }],
    ['120 s per run', { retryAfter: '30', waitedInRunMs: 100_000 }, { retry: false, note: 'Gave up after 0 retries (0 s waited).' }],
    ['exactly 120 s is allowed', { retryAfter: '20', waitedInRunMs: 100_000 }, { retry: true, delayMs: 20_000 }],
    ['500 is not retried', { status: 500 }, { retry: false }],
    ['400 is not retried', { status: 400 }, { retry: false }],
    ['a non-idempotent POST: 429 retried', { idempotent: false, retryAfter: '2' }, { retry: true, delayMs: 2000 }],
    ['a non-idempotent POST: 503 retried', { status: 503, idempotent: false }, { retry: true, delayMs: 1000 }],
    ['a non-idempotent POST: 504 not retried', { status: 504, idempotent: false }, { retry: false }],
    ['transport error, idempotent', { status: 'transport' }, { retry: true, delayMs: 1000 }],
    ['transport error, non-idempotent', { status: 'transport', idempotent: false }, { retry: false }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(retryDelayMs({ ...base, ...input })).toEqual(expected);
  });

  it('jitter stays within [0.8, 1.2) of 2^(n-1) s', () => {
    expect(retryDelayMs({ ...base, status: 503, retries: 1, random: () => 0 })).toEqual({ retry: true, delayMs: 1600 });
    const high = retryDelayMs({ ...base, status: 503, retries: 1, random: () => 0.999999 });
    expect(high.retry && high.delayMs).toBeLessThan(2400);
  });

  it('the give-up note counts the waits of the request', () => {
    expect(retryDelayMs({ ...base, retries: 4 }, 15_250)).toEqual({ retry: false, note: 'Gave up after 4 retries (15.3 s waited).' });
    expect(retryDelayMs({ ...base, retries: 1, retryAfter: '90' }, 1000)).toEqual({
      retry: false,
      note: 'Graph asked to retry after 90 s; not waiting.\nGave up after 1 retry (1 s waited).',
    });
  });
});

describe('isIdempotent', () => {
  const cases: Array<[string, string, boolean | undefined, boolean]> = [
    ['GET', '/v1.0/users', undefined, true],
    ['PATCH', '/v1.0/users/u', undefined, true],
    ['PUT', '/v1.0/users/u/manager/$ref', undefined, true],
    ['DELETE', '/v1.0/users/u', undefined, true],
    ['POST', '/v1.0/users/u/revokeSignInSessions', undefined, true],
    ['POST', '/v1.0/users/u/revokeSignInSessions', true, true],
    ['POST', '/v1.0/users/u/something', undefined, false],
    ['POST', '/v1.0/users', true, false],
    ['POST', '/v1.0/users/u/authentication/temporaryAccessPassMethods', true, false],
    ['POST', '/v1.0/users/u/authentication/methods/m/resetPassword', true, false],
    ['POST', '/v1.0/applications/a/addPassword', true, false],
    ['POST', '/v1.0/$batch', true, false],
    ['PATCH', '/v1.0/users/u', false, false],
  ];
  it.each(cases)('%s %s (declared %s) → %s', (method, path, declared, expected) => {
    expect(isIdempotent(method, path, declared)).toBe(expected);
  });
});
