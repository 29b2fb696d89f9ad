import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/envelope';
import { runEnvelope } from '../../src/run';
import { CLIENT_ID, CLIENT_SECRET, GRAPH, LOGIN, TENANT, TOKEN, secretParams, useNock } from '../helpers/harness';
import { build, readCert } from './support';

interface Stored {
  v: number;
  fp: string;
  data: string;
}

let tokenRequests = 0;

function answerToken(login = LOGIN, tenant = TENANT, token = TOKEN, expiresIn = 3599): void {
  nock(login)
    .post(`/${tenant}/oauth2/v2.0/token`)
    .reply(200, () => {
      tokenRequests += 1;
      return { token_type: 'Bearer', expires_in: expiresIn, access_token: token };
    });
}

function answerGraph(token = TOKEN, origin = GRAPH): void {
  nock(origin, { reqheaders: { authorization: `Bearer ${token}` } })
    .get('/v1.0/users')
    .query(true)
    .reply(200, { value: [] });
}

async function oneRun(params: Record<string, ParamValue>, context: Record<string, unknown>) {
  const built = build(params, context);
  await built.graph.request({ method: 'GET', path: '/users', query: { $top: 1 } });
  return built.state.integrationContext;
}

function decrypt(stored: Stored, secret: string): string {
  const raw = Buffer.from(stored.data, 'base64');
  const key = Buffer.from(hkdfSync('sha256', secret, 'entra-users token cache', stored.fp, 32));
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString();
}

describe('token cache in integrationContext (SPEC.md §2.5)', () => {
  useNock();

  it('a second run with the returned context makes no token request and returns the same object', async () => {
    tokenRequests = 0;
    answerToken();
    answerGraph();
    const first = await oneRun(secretParams, {});
    expect(tokenRequests).toBe(1);
    answerGraph();
    const built = build(secretParams, first);
    await built.graph.request({ method: 'GET', path: '/users' });
    expect(tokenRequests).toBe(1);
    expect(built.state.integrationContext).toBe(first);
  });

  it('certificate flow: the cache is keyed and encrypted with the private key, and reused', async () => {
    const key = readCert('app-client.key');
    const params = { ...secretParams, creds_enc_key: '', creds_certificate: { identifier: 'AC4BEBF3857153B74C4B9CD337298C755DE7F0D3', password: key } };
    tokenRequests = 0;
    answerToken();
    answerGraph();
    const first = await oneRun(params, {});
    const stored = first.tokenCache as Stored;
    expect(decrypt(stored, key)).toContain(TOKEN);
    answerGraph();
    expect(await oneRun(params, first)).toBe(first);
    expect(tokenRequests).toBe(1);
  });

  it('through the host: run, then run again with the result context', async () => {
    tokenRequests = 0;
    answerToken();
    answerGraph();
    const envelope = { command: 'msgraph-user-test', params: secretParams };
    const first = await runEnvelope({ ...envelope, integrationContext: { keep: 'me' } }, { sleep: async () => {} });
    expect(first.exitCode).toBe(0);
    expect(first.result.integrationContext).toMatchObject({ keep: 'me', tokenCache: { v: 1 } });
    answerGraph();
    const second = await runEnvelope({ ...envelope, integrationContext: first.result.integrationContext }, { sleep: async () => {} });
    expect(second.exitCode).toBe(0);
    expect(tokenRequests).toBe(1);
    expect(second.result.integrationContext).toBe(first.result.integrationContext);
  });

  it('stores {v, fp, data}: fp is the HMAC of SPEC.md, data AES-256-GCM with no token in clear', async () => {
    answerToken();
    answerGraph();
    const context = await oneRun(secretParams, {});
    const stored = context.tokenCache as Stored;
    expect(Object.keys(stored).sort()).toEqual(['data', 'fp', 'v']);
    const canonical = JSON.stringify(['secret', LOGIN, GRAPH, TENANT, CLIENT_ID, null, null, null]);
    expect(stored.fp).toBe(createHmac('sha256', CLIENT_SECRET).update(canonical).digest('hex').slice(0, 32));
    const text = JSON.stringify(context);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.split('.')[1]);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(decrypt(stored, CLIENT_SECRET)).toContain(TOKEN);
  });

  const changes: Array<[string, Record<string, ParamValue>, string, string]> = [
    ['the secret', { ...secretParams, creds_enc_key: { identifier: '', password: 'another-secret-value' } }, LOGIN, GRAPH],
    ['the tenant', { ...secretParams, creds_tenant_id: { identifier: '', password: 'other-tenant' } }, LOGIN, GRAPH],
    ['the client', { ...secretParams, creds_auth_id: { identifier: '', password: 'other-client' } }, LOGIN, GRAPH],
    ['the cloud', { ...secretParams, azure_cloud: 'US GCC' }, LOGIN, 'https://graph.microsoft.us'],
  ];

  it.each(changes)('a changed %s starts a fresh cache silently', async (_what, params, login, graphOrigin) => {
    tokenRequests = 0;
    answerToken();
    answerGraph();
    const first = await oneRun(secretParams, {});
    const tenant = (params.creds_tenant_id as { password: string }).password;
    answerToken(login, tenant, 'second-token');
    answerGraph('second-token', graphOrigin);
    const second = await oneRun(params, first);
    expect(tokenRequests).toBe(2);
    expect((second.tokenCache as Stored).fp).not.toBe((first.tokenCache as Stored).fp);
  });

  it('a cache that does not decrypt is dropped silently', async () => {
    answerToken();
    answerGraph();
    const first = await oneRun(secretParams, {});
    const stored = first.tokenCache as Stored;
    const raw = Buffer.from(stored.data, 'base64');
    raw[20] = (raw[20] ?? 0) ^ 0xff;
    tokenRequests = 0;
    answerToken();
    answerGraph();
    const second = await oneRun(secretParams, { tokenCache: { ...stored, data: raw.toString('base64') } });
    expect(tokenRequests).toBe(1);
    expect((second.tokenCache as Stored).data).not.toBe(raw.toString('base64'));
  });

  it('a token within 300 s of expiry is not reused', async () => {
    tokenRequests = 0;
    answerToken(LOGIN, TENANT, TOKEN, 299);
    answerGraph();
    const first = await oneRun(secretParams, {});
    answerToken(LOGIN, TENANT, 'renewed-token');
    answerGraph('renewed-token');
    await oneRun(secretParams, first);
    expect(tokenRequests).toBe(2);
  });

  it('removes the legacy plaintext keys and keeps the others', async () => {
    answerToken();
    answerGraph();
    const context = await oneRun(secretParams, {
      access_token: 'old',
      valid_until: '1700000000',
      current_refresh_token: 'old-refresh',
      'https://graph.microsoft.com/.default_access_token': 'old',
      'https://graph.microsoft.com/.default_valid_until': '1',
      other: { kept: true },
    });
    expect(Object.keys(context).sort()).toEqual(['other', 'tokenCache']);
  });

  it('a run that sends nothing leaves the context untouched', async () => {
    const context = { access_token: 'old', tokenCache: { v: 1, fp: 'x', data: 'y' } };
    const built = build(secretParams, context);
    expect(built.graph.urlOf({ method: 'GET', path: '/users' })).toBe(`${GRAPH}/v1.0/users`);
    expect(built.state.integrationContext).toBe(context);
  });
});
