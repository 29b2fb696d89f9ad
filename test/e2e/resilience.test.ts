import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NoteEntry } from '../../src/envelope';
import { TokenStore } from '../../src/graph/token-cache';
import { Secret } from '../../src/secret';
import { EndToEnd } from './harness';

const ADELE = 'adele.vance@contoso.com';
let e2e: EndToEnd;

beforeAll(async () => {
  e2e = await EndToEnd.start({ users: 200 });
});
afterAll(async () => {
  await e2e?.close();
});
beforeEach(() => {
  e2e.sandbox.reset();
  e2e.integrationContext = {};
});

const tokenRequests = () => e2e.sandbox.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token') || r.path.includes('/metadata/identity')).length;

describe('the token cache across processes', () => {
  it('three processes, one token request; the stored context holds no token in clear', async () => {
    for (let i = 0; i < 3; i++) expect((await e2e.run('msgraph-user-get', { user: ADELE, properties: 'id' })).status).toBe(0);
    expect(tokenRequests()).toBe(1);
    const stored = JSON.stringify(e2e.integrationContext);
    expect(Object.keys(e2e.integrationContext)).toEqual(['tokenCache']);
    expect(stored).not.toMatch(/access_token|secret|Bearer/i);
    // The cache msal wrote is one the start-up path reads without loading msal.
    const { url, credentials } = e2e.sandbox;
    const identity = { flow: 'secret', login: url, graph: url, tenant: credentials.tenantId, clientId: credentials.clientId };
    const store = new TokenStore({ integrationContext: e2e.integrationContext }, identity, new Secret(credentials.clientSecret));
    expect(store.cachedAccessToken(credentials.clientId, `${url}/.default`)).toMatch(/^sbx\./);
  });

  it('a changed client secret starts fresh (and a wrong one fails clearly)', async () => {
    await e2e.run('msgraph-user-test');
    const wrong = { ...e2e.sandbox.params, creds_enc_key: { identifier: '', password: 'not-the-secret' } };
    const run = await e2e.run('msgraph-user-test', {}, { params: wrong });
    expect(run.status).toBe(1);
    expect(String(run.result.entries[0]?.Contents)).toMatch(
      /^Failed to connect to Microsoft Graph.\nFailed to get an access token \(secret\).\ninvalid_client: Invalid client secret provided/,
    );
    expect(run.stdout + run.stderr).not.toContain('not-the-secret');
    expect(tokenRequests()).toBe(2);
  });
});

describe('every auth flow against the sandbox', () => {
  it('certificate (SHA-256 thumbprint, PEM flattened onto one line)', async () => {
    const { credentials } = e2e.sandbox;
    const pem = readFileSync(credentials.appKeyPath, 'utf8').replace(/\n/g, ' ');
    const params = {
      ...e2e.sandbox.params,
      creds_enc_key: undefined,
      creds_certificate: { identifier: credentials.thumbprintSha256, password: pem },
    };
    const run = await e2e.run('msgraph-user-test', {}, { params });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
  });

  it('authorization code, then the refresh token on later runs', async () => {
    const code = e2e.sandbox.issueAuthCode();
    const params = { ...e2e.sandbox.params, redirect_uri: e2e.sandbox.credentials.redirectUri, creds_auth_code: { identifier: '', password: code } };
    expect((await e2e.run('msgraph-user-test', {}, { params })).status).toBe(0);
    // The one-time code is spent; a later run must live on the cached tokens.
    expect((await e2e.run('msgraph-user-get', { user: ADELE, properties: 'id' }, { params })).status).toBe(0);
    const grants = e2e.sandbox.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).map((r) => (r.body as Record<string, string>)?.grant_type);
    expect(grants).toEqual(['authorization_code']);
  });

  it('managed identity through the IMDS emulator', async () => {
    const params = { ...e2e.sandbox.params, creds_enc_key: undefined, use_managed_identities: 'true' };
    const run = await e2e.run('msgraph-user-test', {}, { params });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(e2e.sandbox.requests.some((r) => r.path.includes('/metadata/identity/oauth2/token')), JSON.stringify(e2e.sandbox.requests.map((r) => r.path))).toBe(true);
  });
});

describe('throttling and faults', () => {
  it('a 429 with Retry-After is waited out and the command succeeds', async () => {
    e2e.sandbox.faults.add({ method: 'GET', path: /\/users\//, kind: 'status', status: 429, retryAfter: '1', times: 1 });
    const run = await e2e.run('msgraph-user-get', { user: ADELE, properties: 'displayName' });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stderr).toMatch(/Retry/i);
  });

  it('a connection reset on POST /users is not re-sent: no duplicate user', async () => {
    e2e.sandbox.faults.add({ method: 'POST', path: '/users', kind: 'reset', times: 1 });
    const run = await e2e.run('msgraph-user-create', {
      display_name: 'Dup Check',
      mail_nickname: 'dup',
      user_principal_name: 'dup@contoso.com',
      password: 'Dup-Passw0rd-123!',
    });
    expect(run.status).toBe(1);
    expect(String(run.result.entries[0]?.Contents)).toContain('The request may have been processed; it was not sent again to avoid a duplicate. Check before retrying.');
    expect(e2e.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/users')).toHaveLength(1);
  });

  it('bulk disable of 60 users through $batch with throttled items', async () => {
    const list = await e2e.run('msgraph-user-list', { limit: '60', properties: 'userPrincipalName' });
    const upns = (Object.values((list.result.entries[0] as NoteEntry).EntryContext)[0] as Array<Record<string, unknown>>)
      .map((u) => u.UserPrincipalName)
      .filter((u): u is string => typeof u === 'string' && !u.startsWith('admin'));
    e2e.sandbox.faults.add({ method: 'PATCH', path: /\/users\//, kind: 'status', status: 429, retryAfter: '1', times: 5 });
    const run = await e2e.run('msgraph-user-account-disable', { user: upns.join(',') });
    expect(run.status, run.stdout.slice(0, 2000)).toBe(0);
    const entry = run.result.entries[0] as NoteEntry;
    expect(entry.HumanReadable.split('\n')[1]).toBe(`Succeeded: ${upns.length}, Not found: 0, Failed: 0.`);
    const batches = e2e.sandbox.requests.filter((r) => r.path === '/v1.0/$batch');
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(upns.length / 20) + 1);
  });
});
