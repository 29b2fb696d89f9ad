import { afterEach, describe, expect, it } from 'vitest';
import { appToken, call, graphClient, tokenUrl, useSandbox } from './support';

const sandbox = useSandbox();
afterEach(() => sandbox().faults.clear());

describe('faults on demand', () => {
  it.each([
    { status: 429, retryAfter: '3', code: 'TooManyRequests' },
    { status: 503, retryAfter: undefined, code: 'ServiceUnavailable' },
    { status: 504, retryAfter: '1', code: 'GatewayTimeout' },
    { status: 500, retryAfter: undefined, code: 'InternalServerError' },
  ])('status $status answers once, then the request goes through', async ({ status, retryAfter, code }) => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ method: 'GET', path: '/users/adele.vance@contoso.com', kind: 'status', status, ...(retryAfter ? { retryAfter } : {}) });
    const hit = await graph('GET', '/users/adele.vance%40contoso.com');
    expect(hit.status).toBe(status);
    expect(hit.headers['retry-after']).toBe(retryAfter);
    expect(hit.json.error.code).toBe(code);
    expect(hit.json.error.innerError['request-id']).toBeTruthy();
    expect((await graph('GET', '/users/adele.vance%40contoso.com')).status).toBe(200);
  });

  it('matches by regex, counts `times`, and honours the method', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ method: 'PATCH', path: /^\/v1\.0\/users\/[^/]+$/, times: 2, kind: 'status', status: 503, body: { error: { code: 'custom', message: 'Custom body' } } });
    expect((await graph('GET', '/users/alex.wilber%40contoso.com')).status).toBe(200);
    const first = await graph('PATCH', '/users/alex.wilber%40contoso.com', { body: { jobTitle: 'x' } });
    expect(first.json.error.message).toBe('Custom body');
    expect((await graph('PATCH', '/users/alex.wilber%40contoso.com', { body: { jobTitle: 'x' } })).status).toBe(503);
    expect((await graph('PATCH', '/users/alex.wilber%40contoso.com', { body: { jobTitle: 'x' } })).status).toBe(204);
  });

  it('`every` hits one matching request in N, as long as it lasts', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ method: 'GET', path: '/users/adele.vance@contoso.com', kind: 'status', status: 429, retryAfter: '1', every: 3, times: -1 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await graph('GET', '/users/adele.vance%40contoso.com')).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200]);
  });

  it('reset drops the connection', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ path: '/users', kind: 'reset' });
    await expect(graph('GET', '/users')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await graph('GET', '/users?$top=1')).status).toBe(200);
  });

  it('delay holds the answer back', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ path: '/users', kind: 'delay', ms: 300 });
    const started = Date.now();
    expect((await graph('GET', '/users?$top=1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('malformed-json answers 200 with a body that does not parse', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.add({ path: '/users', kind: 'malformed-json' });
    const reply = await graph('GET', '/users');
    expect(reply.status).toBe(200);
    expect(String(reply.headers['content-type'])).toContain('application/json');
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it('expire-token makes the token used expire: 401, and a new token works', async () => {
    const sb = sandbox();
    const token = await appToken(sb);
    const get = (t: string) => call(sb, 'GET', '/v1.0/users?$top=1', { headers: { authorization: `Bearer ${t}` } });
    sb.faults.add({ path: '/users', kind: 'expire-token' });
    const expired = await get(token);
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' });
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer /);
    expect((await get(token)).status).toBe(401);
    expect((await get(await appToken(sb))).status).toBe(200);
  });

  it('applies to the token endpoint too, with an Entra-shaped body', async () => {
    const sb = sandbox();
    sb.faults.add({ method: 'POST', path: /oauth2\/v2\.0\/token$/, kind: 'status', status: 503, retryAfter: '2' });
    const reply = await call(sb, 'POST', tokenUrl(sb), { form: { grant_type: 'client_credentials' } });
    expect(reply.status).toBe(503);
    expect(reply.json.error).toBe('temporarily_unavailable');
    expect(reply.headers['retry-after']).toBe('2');
  });

  it.each<{ name: string; headers: Record<string, string>; message: string }>([
    { name: 'no token', headers: {}, message: 'Access token is empty.' },
    { name: 'an unknown token', headers: { authorization: 'Bearer not-a-token' }, message: 'Access token has expired or is not yet valid.' },
  ])('401 InvalidAuthenticationToken for $name', async ({ headers, message }) => {
    const reply = await call(sandbox(), 'GET', '/v1.0/users', { headers });
    expect(reply.status).toBe(401);
    expect(reply.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message });
  });
});

describe('throttling (token bucket)', () => {
  it('lets a burst through, then answers 429 with Retry-After, then recovers at the rate', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.throttle({ rate: 20, burst: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graph('GET', '/users?$top=1')).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    const throttled = await graph('GET', '/users?$top=1');
    if (throttled.status === 429) expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 200));
    expect((await graph('GET', '/users?$top=1')).status).toBe(200);
  });

  it('uses a fixed Retry-After when given', async () => {
    const graph = await graphClient(sandbox());
    sandbox().faults.throttle({ rate: 0.001, burst: 1, retryAfter: 7 });
    expect((await graph('GET', '/users?$top=1')).status).toBe(200);
    const reply = await graph('GET', '/users?$top=1');
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
    expect(reply.json.error.code).toBe('TooManyRequests');
  });
});

describe('control over HTTP (/_sandbox)', () => {
  it('adds faults by pathRegex, lists them, clears them, and shows the request log', async () => {
    const sb = sandbox();
    const graph = await graphClient(sb);
    const added = await call(sb, 'POST', '/_sandbox/faults', { body: { method: 'GET', pathRegex: '/memberOf$', kind: 'status', status: 429, retryAfter: '1', times: -1 } });
    expect(added.status).toBe(201);
    expect((await call(sb, 'GET', '/_sandbox/faults')).json.value).toEqual([expect.objectContaining({ kind: 'status', remaining: -1 })]);
    expect((await graph('GET', '/users/adele.vance%40contoso.com/memberOf')).status).toBe(429);
    expect((await graph('GET', '/users/adele.vance%40contoso.com/memberOf')).status).toBe(429);
    expect((await call(sb, 'DELETE', '/_sandbox/faults')).status).toBe(204);
    expect((await graph('GET', '/users/adele.vance%40contoso.com/memberOf')).status).toBe(200);

    const log = await call(sb, 'GET', '/_sandbox/requests');
    const memberOf = log.json.value.filter((r: any) => r.path.endsWith('/memberOf'));
    expect(memberOf.map((r: any) => r.status)).toEqual([429, 429, 200]);
    expect(memberOf[0].headers).not.toHaveProperty('authorization');
    const tokenCall = log.json.value.find((r: any) => r.service === 'login');
    expect(tokenCall.body).toMatchObject({ grant_type: 'client_credentials', client_secret: '***' });
  });

  it.each([
    { body: { path: '/users', kind: 'explode' }, status: 400 },
    { body: { kind: 'reset' }, status: 400 },
    { body: { path: '/users', kind: 'status', status: 42 }, status: 400 },
    { body: [{ path: '/users', kind: 'delay', ms: 1 }, { path: '/users', kind: 'reset', times: 3 }], status: 201 },
  ])('validates faults sent as JSON: $body', async ({ body, status }) => {
    expect((await call(sandbox(), 'POST', '/_sandbox/faults', { body })).status).toBe(status);
  });

  it('issues auth codes, sets a throttle and resets the tenant', async () => {
    const sb = sandbox();
    const code = await call(sb, 'POST', '/_sandbox/auth-code', { body: { user: 'alex.wilber@contoso.com' } });
    expect(code.json.code).toMatch(/^0\./);
    expect((await call(sb, 'POST', '/_sandbox/throttle', { body: { rate: 1, burst: 1 } })).status).toBe(204);
    expect((await call(sb, 'POST', '/_sandbox/throttle', { body: null })).status).toBe(204);
    const graph = await graphClient(sb);
    expect((await graph('DELETE', '/users/henrietta.mueller%40contoso.com')).status).toBe(204);
    expect((await call(sb, 'POST', '/_sandbox/reset')).status).toBe(204);
    expect(sb.requests).toHaveLength(0);
    expect((await graph('GET', '/users/henrietta.mueller%40contoso.com')).status).toBe(200);
    expect((await call(sb, 'GET', '/_sandbox/params')).json).toEqual(sb.params);
  });
});
