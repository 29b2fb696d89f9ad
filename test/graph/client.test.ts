import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TransportError, UserInputError } from '../../src/errors';
import { SECOND_401_NOTE, USER_AGENT } from '../../src/graph/client';
import { GraphError } from '../../src/graph/graph-error';
import { MAY_HAVE_BEEN_PROCESSED } from '../../src/graph/retry';
import { Secret } from '../../src/secret';
import { GRAPH, LOGIN, TENANT, TOKEN, useNock } from '../helpers/harness';
import { build, failure } from './support';

const TOKEN_PATH = `/${TENANT}/oauth2/v2.0/token`;
let tokenRequests = 0;

function answerToken(token = TOKEN, times = 1): void {
  nock(LOGIN)
    .post(TOKEN_PATH)
    .times(times)
    .reply(200, () => {
      tokenRequests += 1;
      return { token_type: 'Bearer', expires_in: 3599, access_token: token };
    });
}

/** nock 14 needs an Error object here (a plain object leaves the request hanging). */
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

const api = (token = TOKEN) => nock(GRAPH, { reqheaders: { authorization: `Bearer ${token}` } });

describe('Graph requests: headers, bodies, errors (SPEC.md §2.6)', () => {
  useNock();

  it('sends the headers of §2.6; Content-Type and a compact body only with a body', async () => {
    answerToken();
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    let body = '';
    api()
      .get('/v1.0/users/adele%40contoso.com')
      .reply(200, function () {
        seen.push(this.req.headers);
        return { id: '1' };
      });
    api()
      .post('/v1.0/users', (b: unknown) => {
        body = JSON.stringify(b);
        return true;
      })
      .reply(201, function (_uri, raw) {
        seen.push(this.req.headers);
        body = String(typeof raw === 'string' ? raw : JSON.stringify(raw));
        return { id: '2' };
      });
    const { graph } = build();
    const read = await graph.request({ method: 'GET', path: '/users/adele%40contoso.com' });
    expect(read).toEqual({ status: 200, headers: expect.any(Object), data: { id: '1' } });
    await graph.request({ method: 'POST', path: '/users', body: { passwordProfile: { password: new Secret('Pa55-w0rd!') }, a: 1 } });
    const [get, post] = seen;
    expect(get?.accept).toBe('application/json');
    expect(get?.['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^entra-users\/\d+\.\d+\.\d+/);
    expect(get?.['client-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(get?.['content-type']).toBeUndefined();
    expect(post?.['content-type']).toBe('application/json');
    expect(post?.['client-request-id']).not.toBe(get?.['client-request-id']);
    expect(body).toBe('{"passwordProfile":{"password":"Pa55-w0rd!"},"a":1}');
  });

  it('one token for every request of the run', async () => {
    tokenRequests = 0;
    answerToken();
    api().get('/v1.0/users').times(3).reply(200, { value: [] });
    const { graph } = build();
    for (let i = 0; i < 3; i++) await graph.request({ method: 'GET', path: '/users' });
    expect(tokenRequests).toBe(1);
  });

  it('a non-2xx answer is a GraphError with the lines of §1.10', async () => {
    answerToken();
    api()
      .patch('/v1.0/users/adele')
      .reply(
        403,
        { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { date: '2025-05-01T10:00:00', 'request-id': 'inner' } } },
        { 'request-id': '5b1e0c2a' },
      );
    api().get('/v1.0/users').reply(502, '<html>Bad gateway</html>');
    const { graph } = build();
    const denied = await failure(graph.request({ method: 'PATCH', path: '/users/adele', body: { accountEnabled: false } }));
    expect(denied).toBeInstanceOf(GraphError);
    expect((denied as GraphError).lines()).toEqual([
      'Graph error 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.',
      'request-id: 5b1e0c2a, date: 2025-05-01T10:00:00',
    ]);
    const gateway = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(gateway.message).toBe('Graph error 502: <html>Bad gateway</html>');
  });

  it('a 401 gets one fresh token and one resend, even for a POST', async () => {
    tokenRequests = 0;
    answerToken('first-token');
    answerToken('second-token');
    api('first-token').post('/v1.0/users').reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } });
    api('second-token').post('/v1.0/users').reply(201, { id: 'new' });
    const { graph } = build();
    const created = await graph.request({ method: 'POST', path: '/users', body: { a: 1 } });
    expect(created.data).toEqual({ id: 'new' });
    expect(tokenRequests).toBe(2);
  });

  it('a second 401 is an error with the hint of §2.5', async () => {
    answerToken('first-token');
    answerToken('second-token');
    api('first-token').get('/v1.0/users').reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Bad token.' } });
    api('second-token').get('/v1.0/users').reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'Bad token.' } });
    const { graph } = build();
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect((error as GraphError).lines()).toEqual(['Graph error 401 InvalidAuthenticationToken: Bad token.', SECOND_401_NOTE]);
  });

  it('the fresh token is fetched once per run: a later 401 is the second 401 of the run', async () => {
    tokenRequests = 0;
    answerToken('first-token');
    answerToken('second-token');
    const expired = { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } };
    api('first-token').get('/v1.0/users/a').reply(401, expired);
    api('second-token').get('/v1.0/users/a').reply(200, { id: 'a' });
    api('second-token').get('/v1.0/users/b').reply(401, expired);
    const { graph } = build();
    expect((await graph.request({ method: 'GET', path: '/users/a' })).data).toEqual({ id: 'a' });
    const error = await failure(graph.request({ method: 'GET', path: '/users/b' }));
    expect((error as GraphError).lines()).toEqual(['Graph error 401 InvalidAuthenticationToken: Access token has expired.', SECOND_401_NOTE]);
    expect(tokenRequests).toBe(2);
  });

  it('requests in flight with the old token share the one refresh', async () => {
    tokenRequests = 0;
    answerToken('first-token');
    answerToken('second-token');
    const expired = { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } };
    api('first-token').get('/v1.0/users/a').reply(401, expired);
    api('first-token').get('/v1.0/users/b').reply(401, expired);
    api('second-token').get('/v1.0/users/a').reply(200, { id: 'a' });
    api('second-token').get('/v1.0/users/b').reply(200, { id: 'b' });
    const { graph } = build();
    const answers = await Promise.all(['a', 'b'].map((u) => graph.request({ method: 'GET', path: `/users/${u}` })));
    expect(answers.map((a) => a.data)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(tokenRequests).toBe(2);
  });

  it('refuses an absolute URL on another origin before any token is requested', async () => {
    const { graph } = build();
    await expect(graph.request({ method: 'GET', path: 'https://evil.example/v1.0/users' })).rejects.toThrowError(
      new UserInputError('Refusing to follow a link to https://evil.example: it is not the configured Graph host https://graph.microsoft.com.'),
    );
    expect(() => graph.urlOf({ method: 'GET', path: 'http://graph.microsoft.com/v1.0/users' })).toThrow(UserInputError);
  });

  it('builds URLs under /v1.0 or /beta with encoded queries', () => {
    const { graph } = build();
    expect(graph.urlOf({ method: 'GET', path: '/users', query: { $top: 5, $filter: "startswith(displayName,'a')" } })).toBe(
      `${GRAPH}/v1.0/users?%24top=5&%24filter=startswith(displayName%2C'a')`,
    );
    expect(graph.urlOf({ method: 'GET', path: '/policies/x', version: 'beta' })).toBe(`${GRAPH}/beta/policies/x`);
  });
});

describe('retries (SPEC.md §2.6)', () => {
  useNock();

  it('honours Retry-After in seconds and as an HTTP date; client-request-id stays the same', async () => {
    answerToken();
    const ids: unknown[] = [];
    const record = function (this: nock.ReplyFnContext) {
      ids.push(this.req.headers['client-request-id']);
    };
    api()
      .get('/v1.0/users')
      .reply(429, function () {
        record.call(this);
        return { error: { code: 'TooManyRequests', message: 'slow down' } };
      }, { 'Retry-After': '7' });
    api()
      .get('/v1.0/users')
      .reply(503, function () {
        record.call(this);
        return '';
      }, { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() });
    api()
      .get('/v1.0/users')
      .reply(200, function () {
        record.call(this);
        return { value: [] };
      });
    const { graph, waits } = build();
    await graph.request({ method: 'GET', path: '/users' });
    expect(waits[0]).toBe(7000);
    expect(waits[1]).toBeGreaterThan(27_000);
    expect(waits[1]).toBeLessThanOrEqual(30_000);
    expect(new Set(ids).size).toBe(1);
    expect(ids).toHaveLength(3);
  });

  it('backs off about 1, 2, 4, 8 s without Retry-After, then gives up after 4 retries', async () => {
    answerToken();
    api().get('/v1.0/users').times(5).reply(503, { error: { code: 'serviceUnavailable', message: 'busy' } });
    const { graph, waits } = build();
    const error = (await failure(graph.request({ method: 'GET', path: '/users' }))) as GraphError;
    expect(waits).toHaveLength(4);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0.8 * 1000 * 2 ** i);
      expect(ms).toBeLessThan(1.2 * 1000 * 2 ** i);
    });
    const seconds = Math.round(waits.reduce((a, b) => a + b, 0) / 100) / 10;
    expect(error.lines()).toEqual(['Graph error 503 serviceUnavailable: busy', `Gave up after 4 retries (${seconds} s waited).`]);
  });

  it('does not wait for a Retry-After over 60 s', async () => {
    answerToken();
    api().get('/v1.0/users').reply(429, { error: { code: 'TooManyRequests', message: 'later' } }, { 'Retry-After': '61' });
    const { graph, waits } = build();
    const error = (await failure(graph.request({ method: 'GET', path: '/users' }))) as GraphError;
    expect(waits).toEqual([]);
    expect(error.notes).toEqual(['Graph asked to retry after 61 s; not waiting.']);
  });

  it('stops at 120 s of waiting in the run', async () => {
    answerToken();
    api().get('/v1.0/users').times(3).reply(429, { error: { code: 'TooManyRequests', message: 'later' } }, { 'Retry-After': '60' });
    const { graph, waits } = build();
    const error = (await failure(graph.request({ method: 'GET', path: '/users' }))) as GraphError;
    expect(waits).toEqual([60_000, 60_000]);
    expect(error.notes).toEqual(['Gave up after 2 retries (120 s waited).']);
  });

  it('a POST that must not be duplicated: 429 and 503 retried, 504 not', async () => {
    answerToken();
    api().post('/v1.0/users').reply(429, '', { 'Retry-After': '1' });
    api().post('/v1.0/users').reply(503, '', { 'Retry-After': '1' });
    api().post('/v1.0/users').reply(504, { error: { code: 'GatewayTimeout', message: 'timeout' } });
    const { graph, waits } = build();
    const error = (await failure(graph.request({ method: 'POST', path: '/users', body: { a: 1 } }))) as GraphError;
    expect(error.status).toBe(504);
    expect(waits).toEqual([1000, 1000]);
  });

  it('transport errors are retried for idempotent requests', async () => {
    answerToken();
    api().get('/v1.0/users').replyWithError(reset());
    api().get('/v1.0/users').reply(200, { value: [] });
    const { graph, waits } = build();
    await graph.request({ method: 'GET', path: '/users' });
    expect(waits).toHaveLength(1);
  });

  const neverTwice: Array<[string, string, boolean | undefined]> = [
    ['POST /users', '/users', undefined],
    ['TAP POST', '/users/u/authentication/temporaryAccessPassMethods', undefined],
    ['resetPassword', '/users/u/authentication/methods/m/resetPassword', undefined],
    ['addPassword', '/applications/a/addPassword', undefined],
    ['declared non-idempotent', '/users/u/somethingElse', false],
  ];

  it.each(neverTwice)('%s is never re-sent after a connection reset', async (_name, path, idempotent) => {
    answerToken();
    api().post(`/v1.0${path}`).replyWithError(reset());
    const { graph, waits } = build();
    const error = await failure(
      graph.request({ method: 'POST', path, body: { a: 1 }, ...(idempotent === undefined ? {} : { idempotent }) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).mayHaveBeenProcessed).toBe(true);
    expect(error.message).toBe(`Could not connect to graph.microsoft.com: ECONNRESET socket hang up.\n${MAY_HAVE_BEEN_PROCESSED}`);
    expect(waits).toEqual([]);
  });

  it('a POST that timed out is not re-sent', async () => {
    answerToken();
    api().post('/v1.0/users').delay(500).reply(201, { id: 'late' });
    const { graph, waits } = build(undefined, undefined, { timeoutMs: 50 });
    const error = await failure(graph.request({ method: 'POST', path: '/users', body: { a: 1 } }));
    expect(error.message).toBe(`Request to graph.microsoft.com timed out after 0.1 s.\n${MAY_HAVE_BEEN_PROCESSED}`);
    expect(waits).toEqual([]);
  });

  it('POST …/revokeSignInSessions is idempotent: retried after a reset', async () => {
    answerToken();
    api().post('/v1.0/users/u/revokeSignInSessions').replyWithError(reset());
    api().post('/v1.0/users/u/revokeSignInSessions').reply(200, { value: true });
    const { graph, waits } = build();
    await graph.request({ method: 'POST', path: '/users/u/revokeSignInSessions' });
    expect(waits).toHaveLength(1);
  });

  it('token requests are retried too', async () => {
    nock(LOGIN).post(TOKEN_PATH).reply(503, { error: 'temporarily_unavailable', error_description: 'busy' }, { 'Retry-After': '2' });
    answerToken();
    api().get('/v1.0/users').reply(200, { value: [] });
    const { graph, waits } = build();
    await graph.request({ method: 'GET', path: '/users' });
    expect(waits).toEqual([2000]);
  });
});
