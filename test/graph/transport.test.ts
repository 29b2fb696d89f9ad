import { createServer, type AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { AuthError, TransportError } from '../../src/errors';
import { bypassesProxy, proxyFor } from '../../src/graph/http';
import { LOGIN, TENANT, TOKEN, secretParams, useNock } from '../helpers/harness';
import { allowLoopback, build, failure, json, startHttps, startProxy, withoutNock, type Handler, type Loopback, type Proxy } from './support';

const TLS_HINT = "try selecting 'Trust any certificate' in the integration configuration.";
const PROXY_ERROR = "Proxy error - if 'Use system proxy settings' is selected, try clearing it.";

/** A login host and a Graph host, both on loopback HTTPS with the test certificate. */
const fakeLogin: Handler = (req, res) => {
  if (req.method === 'POST' && req.url?.startsWith(`/${TENANT}/oauth2/v2.0/token`)) {
    json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN });
  } else json(res, 404, { error: 'not_found' });
};
const fakeGraph: Handler = (req, res) => {
  if (req.headers.authorization === `Bearer ${TOKEN}`) json(res, 200, { value: [{ id: '1' }] });
  else json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'no token' } });
};

const opened: Array<Loopback | Proxy> = [];
async function servers(): Promise<{ login: Loopback; graph: Loopback }> {
  const login = await startHttps(fakeLogin);
  const graph = await startHttps(fakeGraph);
  opened.push(login, graph);
  return { login, graph };
}

function custom(login: string, graphOrigin: string, extra: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  return { ...secretParams, azure_cloud: 'Custom', azure_ad_endpoint: login, host: graphOrigin, ...extra };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('one HTTP stack for token and Graph requests: TLS, proxy, transport errors', () => {
  useNock();
  allowLoopback();
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('insecure=true: the token POST and the Graph GET both reach self-signed hosts, and nothing else is sent', async () => {
    const { login, graph: api } = await servers();
    const { graph } = build(custom(login.url, api.url, { insecure: true }));
    const response = await graph.request({ method: 'GET', path: '/users' });
    expect(response.data).toEqual({ value: [{ id: '1' }] });
    expect(login.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([`POST /${TENANT}/oauth2/v2.0/token`]);
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1.0/users']);
  });

  it('insecure=false: an untrusted certificate on the login host fails the token request, not retried', async () => {
    const { login, graph: api } = await servers();
    const { graph, waits } = build(custom(login.url, api.url));
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe(
      `Failed to get an access token (secret).\nSSL certificate verification failed for 127.0.0.1:${login.port} - ${TLS_HINT}`,
    );
    expect(waits).toEqual([]);
    expect(login.requests).toEqual([]);
  });

  it('insecure=false: an untrusted certificate on the Graph host', async () => {
    const { graph: api } = await servers();
    nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN });
    const { graph, waits } = build(custom(LOGIN, api.url));
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe(`SSL certificate verification failed for 127.0.0.1:${api.port} - ${TLS_HINT}`);
    expect(waits).toEqual([]);
  });

  const direct: Array<[string, Record<string, ParamValue>, NodeJS.ProcessEnv]> = [
    ['proxy=false ignores the variables', { insecure: true, proxy: false }, { HTTPS_PROXY: 'PROXY', HTTP_PROXY: 'PROXY' }],
    ['NO_PROXY is honoured', { insecure: true, proxy: true }, { HTTPS_PROXY: 'PROXY', NO_PROXY: 'example.com, 127.0.0.1' }],
  ];

  it.each(direct)('%s', async (_name, extra, env) => {
    const { login, graph: api } = await servers();
    const proxy = await startProxy();
    opened.push(proxy);
    const withProxy = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === 'PROXY' ? proxy.url : v]));
    const { graph } = build(custom(login.url, api.url, extra), {}, { env: withProxy });
    await graph.request({ method: 'GET', path: '/users' });
    expect(proxy.connects).toEqual([]);
  });

  it('a refused connection is retried, then reported with its code', async () => {
    const port = await closedPort();
    nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN });
    const { graph, waits } = build(custom(LOGIN, `https://127.0.0.1:${port}`));
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(waits).toHaveLength(4);
    expect(error.message.split('\n')).toEqual([
      `Could not connect to 127.0.0.1:${port}: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}.`,
      expect.stringMatching(/^Gave up after 4 retries \(\d+(\.\d)? s waited\)\.$/),
    ]);
  });

  it('a Graph host that does not answer times out', async () => {
    const login = await startHttps(fakeLogin);
    const silent = await startHttps(() => {});
    opened.push(login, silent);
    const { graph } = build(custom(login.url, silent.url, { insecure: true }), {}, { timeoutMs: 200 });
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(error.message.split('\n')[0]).toBe(`Request to 127.0.0.1:${silent.port} timed out after 0.2 s.`);
    expect(silent.requests).toHaveLength(5);
  });
});

describe('through a CONNECT proxy (nock off: loopback only)', () => {
  withoutNock();
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('proxy=true: token and Graph requests tunnel through HTTPS_PROXY', async () => {
    const { login, graph: api } = await servers();
    const proxy = await startProxy();
    opened.push(proxy);
    const { graph } = build(custom(login.url, api.url, { insecure: 'true', proxy: 'true' }), {}, { env: { https_proxy: proxy.url } });
    await graph.request({ method: 'GET', path: '/users' });
    expect(new Set(proxy.connects)).toEqual(new Set([`127.0.0.1:${login.port}`, `127.0.0.1:${api.port}`]));
    expect(api.requests).toHaveLength(1);
  });

  it('a proxy that refuses the tunnel is a proxy error', async () => {
    const { login, graph: api } = await servers();
    const proxy = await startProxy(403);
    opened.push(proxy);
    const { graph } = build(custom(login.url, api.url, { insecure: true, proxy: true }), {}, { env: { HTTPS_PROXY: proxy.url } });
    const error = await failure(graph.request({ method: 'GET', path: '/users' }));
    expect(error.message).toBe(`Failed to get an access token (secret).\n${PROXY_ERROR}`);
    expect(login.requests).toEqual([]);
  });
});

describe('proxy selection', () => {
  const url = (text: string) => new URL(text);
  const cases: Array<[string, string | undefined, boolean]> = [
    ['https://graph.microsoft.com', undefined, false],
    ['https://graph.microsoft.com', '*', true],
    ['https://graph.microsoft.com', 'microsoft.com', true],
    ['https://graph.microsoft.com', '.microsoft.com', true],
    ['https://graph.microsoft.com', '*.microsoft.com', true],
    ['https://graph.microsoft.com', 'soft.com', false],
    ['https://graph.microsoft.com', 'graph.microsoft.com:8443', false],
    ['https://graph.microsoft.com:8443', 'graph.microsoft.com:8443', true],
    ['http://127.0.0.1:9', 'localhost,127.0.0.1', true],
  ];
  it.each(cases)('%s with NO_PROXY=%s bypasses: %s', (target, noProxy, expected) => {
    expect(bypassesProxy(url(target), noProxy)).toBe(expected);
  });

  it('reads either case, per scheme, only when proxy is on', () => {
    const env = { https_proxy: 'http://p1:3128', HTTP_PROXY: 'http://p2:3128' };
    expect(proxyFor(url('https://graph.microsoft.com'), { insecure: false, useProxy: true, env })).toBe('http://p1:3128');
    expect(proxyFor(url('http://host'), { insecure: false, useProxy: true, env })).toBe('http://p2:3128');
    expect(proxyFor(url('https://graph.microsoft.com'), { insecure: false, useProxy: true, env: { HTTP_PROXY: 'http://p2:3128' } })).toBe(
      'http://p2:3128',
    );
    expect(proxyFor(url('https://graph.microsoft.com'), { insecure: false, useProxy: false, env })).toBeUndefined();
  });
});
