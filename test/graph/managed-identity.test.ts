import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { AuthError } from '../../src/errors';
import { GRAPH, useNock } from '../helpers/harness';
import { allowLoopback, build, json, startHttp, startProxy, type Handler, type Loopback } from './support';

const MI_TOKEN = 'managed-identity-access-token';
let imds: Loopback;
let handler: Handler = (_req, res) => json(res, 200, { access_token: MI_TOKEN, expires_in: '3599', token_type: 'Bearer' });
const saved = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;

beforeAll(async () => {
  imds = await startHttp((req, res, body) => handler(req, res, body));
  // msal reads it once per process, when it first picks the managed-identity source.
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = imds.url;
});

afterAll(async () => {
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = saved;
  await imds.close();
});

const mi: Record<string, ParamValue> = { use_managed_identities: 'true' };

function graphRead(origin = GRAPH): void {
  nock(origin, { reqheaders: { authorization: `Bearer ${MI_TOKEN}` } })
    .get('/v1.0/users')
    .reply(200, { value: [] });
}

describe('managed identity through msal (SPEC.md §2.4)', () => {
  useNock();
  allowLoopback();

  const cases: Array<[string, Record<string, ParamValue>, string, string | undefined]> = [
    ['system-assigned, Worldwide', mi, GRAPH, undefined],
    ['user-assigned', { ...mi, managed_identities_client_id: { identifier: '', password: 'mi-client-id' } }, GRAPH, 'mi-client-id'],
    ['US GCC resource', { ...mi, azure_cloud: 'US GCC' }, 'https://graph.microsoft.us', undefined],
  ];

  it.each(cases)('%s: one GET to the metadata endpoint with resource <Graph>/', async (_name, params, origin, clientId) => {
    handler = (_req, res) => json(res, 200, { access_token: MI_TOKEN, expires_in: '3599', token_type: 'Bearer' });
    imds.requests.length = 0;
    graphRead(origin);
    const context = { other: 1 };
    const { graph, state } = build(params, context);
    await graph.request({ method: 'GET', path: '/users' });
    expect(imds.requests).toHaveLength(1);
    const request = imds.requests[0];
    const url = new URL(request?.url ?? '', imds.url);
    expect(request?.method).toBe('GET');
    // msal normalises the overridden host with a trailing slash.
    expect(url.pathname).toMatch(/^\/metadata\/identity\/oauth2\/token\/?$/);
    expect(url.searchParams.get('resource')).toBe(`${origin}/`);
    expect(url.searchParams.get('api-version')).toBeTruthy();
    expect(url.searchParams.get('client_id') ?? undefined).toBe(clientId);
    expect(request?.headers.metadata).toBe('true');
    // Never persisted: there is no secret to encrypt it with.
    expect(state.integrationContext).toBe(context);
  });

  it('never goes through the proxy, even with proxy=true', async () => {
    handler = (_req, res) => json(res, 200, { access_token: MI_TOKEN, expires_in: '3599', token_type: 'Bearer' });
    const proxy = await startProxy();
    try {
      imds.requests.length = 0;
      graphRead();
      const { graph } = build({ ...mi, proxy: true }, {}, { env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'graph.microsoft.com' } });
      await graph.request({ method: 'GET', path: '/users' });
      expect(imds.requests).toHaveLength(1);
      expect(proxy.connects.filter((c) => c.startsWith('127.0.0.1'))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('an error answer: Failed to get an access token from Azure Managed Identities: <reason>.', async () => {
    handler = (_req, res) => json(res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    const { graph } = build(mi);
    const error = await graph.request({ method: 'GET', path: '/users' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('Failed to get an access token from Azure Managed Identities: invalid_request: Identity not found.');
  });

  it('a metadata endpoint still busy after 4 retries: the reason, then how long was waited', async () => {
    handler = (_req, res) => json(res, 503, { error: 'service_unavailable', error_description: 'Try again later' });
    const { graph, waits } = build(mi);
    const error = await graph.request({ method: 'GET', path: '/users' }).catch((e: unknown) => e);
    expect(waits).toHaveLength(4);
    const seconds = Math.round(waits.reduce((a, b) => a + b, 0) / 100) / 10;
    expect((error as Error).message.split('\n')).toEqual([
      'Failed to get an access token from Azure Managed Identities: service_unavailable: Try again later.',
      `Gave up after 4 retries (${seconds} s waited).`,
    ]);
  });

  it('a metadata endpoint that does not answer times out, retried like any token request', async () => {
    handler = () => {};
    imds.requests.length = 0;
    const { graph, waits } = build(mi, {}, { timeoutMs: 100 });
    const error = await graph.request({ method: 'GET', path: '/users' }).catch((e: unknown) => e);
    expect((error as Error).message.split('\n')).toEqual([
      `Failed to get an access token from Azure Managed Identities: Request to 127.0.0.1:${imds.port} timed out after 0.1 s.`,
      expect.stringMatching(/^Gave up after 4 retries \(\d+(\.\d)? s waited\)\.$/),
    ]);
    expect(waits).toHaveLength(4);
  });
});
