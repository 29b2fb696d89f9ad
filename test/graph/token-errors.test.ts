import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/errors';
import { AUTH_RESET_HINT, cleanDescription } from '../../src/graph/auth-errors';
import { LOGIN, TENANT, useNock } from '../helpers/harness';
import { build, failure } from './support';

const tail = '\r\nTrace ID: 9c2e6a0b-1c1d-4a8e-9d43-5a1f2c3b4d00\r\nCorrelation ID: 1b2c3d4e-0000-4000-8000-000000000000\r\nTimestamp: 2025-05-01 10:00:00Z';

describe('cleanDescription', () => {
  const cases: Array<[string, string]> = [
    [`AADSTS7000215: Invalid client secret provided.${tail}`, 'Invalid client secret provided.'],
    [`AADSTS90002: Tenant 'x' not found. Check to make sure you have the correct tenant ID.${tail}`, "Tenant 'x' not found. Check to make sure you have the correct tenant ID."],
    ['No prefix and no tail', 'No prefix and no tail'],
    ['AADSTS50173: The provided grant has expired. Trace ID: abc Correlation ID: def Timestamp: now', 'The provided grant has expired.'],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(cleanDescription(input)).toBe(expected);
  });
});

describe('token endpoint errors (SPEC.md §1.10)', () => {
  useNock();

  const cases: Array<[string, number, Record<string, unknown>, string[]]> = [
    [
      'a wrong secret',
      401,
      { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided.${tail}`, error_codes: [7000215] },
      ['invalid_client: Invalid client secret provided.'],
    ],
    [
      'an expired grant: the auth-reset hint',
      400,
      { error: 'invalid_grant', error_description: `AADSTS700082: The refresh token has expired due to inactivity.${tail}`, error_codes: [700082] },
      ['invalid_grant: The refresh token has expired due to inactivity.', AUTH_RESET_HINT],
    ],
    [
      'every code must be resettable for the hint',
      400,
      { error: 'invalid_grant', error_description: `AADSTS54005: Code already redeemed.${tail}`, error_codes: [54005, 90002] },
      ['invalid_grant: Code already redeemed.'],
    ],
    [
      'a non-JSON answer',
      502,
      { raw: '<html>bad gateway</html>' },
      ['http_502: <html>bad gateway</html>'],
    ],
  ];

  it.each(cases)('%s', async (_name, status, body, lines) => {
    const scope = nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`);
    if ('raw' in body) scope.reply(status, String(body.raw));
    else scope.reply(status, body);
    const { graph } = build();
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message.split('\n')).toEqual(['Failed to get an access token (secret).', ...lines]);
  });
});

describe('token requests that Retry gave up on (SPEC.md §1.10, §2.6)', () => {
  useNock();

  it('a token endpoint still busy after 4 retries: the answer, then how long was waited', async () => {
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .times(5)
      .reply(503, { error: 'temporarily_unavailable', error_description: `AADSTS90033: busy${tail}`, error_codes: [90033] });
    const { graph, waits } = build();
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(waits).toHaveLength(4);
    const seconds = Math.round(waits.reduce((a, b) => a + b, 0) / 100) / 10;
    expect(error.message.split('\n')).toEqual([
      'Failed to get an access token (secret).',
      'temporarily_unavailable: busy',
      `Gave up after 4 retries (${seconds} s waited).`,
    ]);
  });

  it('a Retry-After over 60 s on a token request is said, not waited for', async () => {
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .reply(429, { error: 'temporarily_unavailable', error_description: 'slow down' }, { 'Retry-After': '90' });
    const { graph, waits } = build();
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(waits).toEqual([]);
    expect(error.message.split('\n')).toEqual([
      'Failed to get an access token (secret).',
      'temporarily_unavailable: slow down',
      'Graph asked to retry after 90 s; not waiting.',
    ]);
  });
});
