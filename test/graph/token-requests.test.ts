import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { CLIENT_ID, CLIENT_SECRET, GRAPH, LOGIN, TENANT, TOKEN, secretParams, useNock } from '../helpers/harness';
import { build, readCert } from './support';

const TOKEN_PATH = `/${TENANT}/oauth2/v2.0/token`;
const certificate = new X509Certificate(readCert('app-client.crt'));
const SHA1 = certificate.fingerprint.replace(/:/g, '');
const SHA256 = certificate.fingerprint256.replace(/:/g, '');
const PKCS8 = readCert('app-client.key');
const PKCS1 = readCert('app-client.pkcs1.key');
const flattened = PKCS8.trim().replace(/\n/g, ' ');

const base = {
  azure_cloud: 'Worldwide',
  creds_auth_id: { identifier: '', password: CLIENT_ID },
  creds_tenant_id: { identifier: '', password: TENANT },
} satisfies Record<string, ParamValue>;

/** Answers one token request and keeps its form; then one Graph read. */
async function tokenForm(params: Record<string, ParamValue>): Promise<URLSearchParams> {
  let form = new URLSearchParams();
  nock(LOGIN)
    .post(TOKEN_PATH)
    .reply(200, (_uri, body) => {
      form = new URLSearchParams(String(body));
      return { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN };
    });
  nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
    .get('/v1.0/users')
    .query(true)
    .reply(200, { value: [] });
  const { graph } = build(params);
  await graph.request({ method: 'GET', path: '/users', query: { $top: 1, $select: 'id' } });
  return form;
}

function b64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function checkAssertion(assertion: string, kind: 'sha1' | 'sha256'): void {
  const [head = '', payload = '', signature = ''] = assertion.split('.');
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const data = Buffer.from(`${head}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (kind === 'sha1') {
    expect(header.alg).toBe('RS256');
    expect(header.x5t).toBe(b64url(createHash('sha1').update(certificate.raw).digest()));
    expect(verify('RSA-SHA256', data, certificate.publicKey, sig)).toBe(true);
  } else {
    expect(header.alg).toBe('PS256');
    expect(header['x5t#S256']).toBe(b64url(createHash('sha256').update(certificate.raw).digest()));
    const key = { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    expect(verify('sha256', data, key, sig)).toBe(true);
  }
  expect(claims.aud).toBe(`${LOGIN}${TOKEN_PATH}`);
  expect(claims.iss).toBe(CLIENT_ID);
  expect(claims.sub).toBe(CLIENT_ID);
  expect(typeof claims.jti).toBe('string');
  const now = Math.floor(Date.now() / 1000);
  expect(Number(claims.exp)).toBeGreaterThan(now + 500);
  expect(Number(claims.exp)).toBeLessThanOrEqual(now + 601);
}

describe('token requests: one POST, the fields of SPEC.md §2.4', () => {
  useNock();

  it('client secret', async () => {
    const form = await tokenForm(secretParams);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('client_secret')).toBe(CLIENT_SECRET);
    expect(form.get('scope')).toBe(`${GRAPH}/.default`);
    expect(form.has('client_assertion')).toBe(false);
  });

  it('legacy enc_key, auth_id and tenant_id', async () => {
    const form = await tokenForm({ azure_cloud: 'Worldwide', auth_id: CLIENT_ID, tenant_id: TENANT, enc_key: 'legacy-secret-value' });
    expect(form.get('client_secret')).toBe('legacy-secret-value');
    expect(form.get('client_id')).toBe(CLIENT_ID);
  });

  const certificates: Array<[string, Record<string, ParamValue>, 'sha1' | 'sha256']> = [
    ['SHA-1 thumbprint, PKCS#8 key', { creds_certificate: { identifier: SHA1, password: PKCS8 } }, 'sha1'],
    ['SHA-256 thumbprint, PKCS#8 key', { creds_certificate: { identifier: SHA256, password: PKCS8 } }, 'sha256'],
    ['colon-separated lower-case thumbprint', { creds_certificate: { identifier: certificate.fingerprint.toLowerCase(), password: PKCS8 } }, 'sha1'],
    ['PEM flattened onto one line', { creds_certificate: { identifier: SHA1, password: flattened } }, 'sha1'],
    ['PKCS#1 key', { creds_certificate: { identifier: SHA256, password: PKCS1 } }, 'sha256'],
    ['legacy certificate_thumbprint and private_key', { certificate_thumbprint: SHA1, private_key: PKCS1 }, 'sha1'],
    ['a certificate beats a secret', { creds_certificate: { identifier: SHA1, password: PKCS8 }, creds_enc_key: { identifier: '', password: CLIENT_SECRET } }, 'sha1'],
  ];

  it.each(certificates)('certificate: %s', async (_name, extra, kind) => {
    const form = await tokenForm({ ...base, ...extra });
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.has('client_secret')).toBe(false);
    expect(form.get('scope')).toBe(`${GRAPH}/.default`);
    checkAssertion(form.get('client_assertion') ?? '', kind);
  });

  const clouds: Array<[string, string, string]> = [
    ['Worldwide', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ['US GCC', 'https://login.microsoftonline.com', 'https://graph.microsoft.us'],
    ['US GCC-High', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
    ['DoD', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
    ['Germany', 'https://login.microsoftonline.de', 'https://graph.microsoft.de'],
    ['China', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
  ];

  it.each(clouds)('%s: token from %s, Graph at %s, no discovery call', async (cloud, login, graphOrigin) => {
    let scope: string | null = null;
    nock(login)
      .post(TOKEN_PATH)
      .reply(200, (_uri, body) => {
        scope = new URLSearchParams(String(body)).get('scope');
        return { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN };
      });
    nock(graphOrigin, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get('/v1.0/users').reply(200, { value: [] });
    const { graph } = build({ ...secretParams, azure_cloud: cloud });
    expect(graph.origin).toBe(graphOrigin);
    await graph.request({ method: 'GET', path: '/users' });
    expect(scope).toBe(`${graphOrigin}/.default`);
  });

  it('Custom cloud: azure_ad_endpoint and host, origins only', async () => {
    nock('https://login.example.test').post(TOKEN_PATH).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: TOKEN });
    nock('https://graph.example.test:8443').get('/v1.0/users').reply(200, { value: [] });
    const { graph } = build({
      ...secretParams,
      azure_cloud: 'Custom',
      azure_ad_endpoint: 'https://login.example.test/some/path',
      host: 'https://graph.example.test:8443/v1.0',
    });
    expect(graph.origin).toBe('https://graph.example.test:8443');
    await graph.request({ method: 'GET', path: '/users' });
  });
});
