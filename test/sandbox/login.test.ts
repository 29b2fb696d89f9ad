import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, clientAssertion, tokenUrl, useSandbox, type AssertionOverrides } from './support';

const sandbox = useSandbox();
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function secretForm(overrides: Record<string, string> = {}) {
  const sb = sandbox();
  return { grant_type: 'client_credentials', client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret, scope: `${sb.url}/.default`, ...overrides };
}

async function token(form: Record<string, string>, path?: string) {
  return call(sandbox(), 'POST', path ?? tokenUrl(sandbox()), { form });
}

describe('client credentials with a secret', () => {
  it('issues a Bearer token that Graph accepts', async () => {
    const before = sandbox().tokensIssued;
    const reply = await token(secretForm());
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, scope: `${sandbox().url}/.default` });
    expect(sandbox().tokensIssued).toBe(before + 1);
    const users = await call(sandbox(), 'GET', '/v1.0/users?$top=1&$select=id', { headers: { authorization: `Bearer ${reply.json.access_token}` } });
    expect(users.status).toBe(200);
    expect(users.json.value).toHaveLength(1);
  });

  it('accepts the tenant domain in place of the tenant id', async () => {
    const reply = await token(secretForm(), `${sandbox().url}/contoso.onmicrosoft.com/oauth2/v2.0/token`);
    expect(reply.status).toBe(200);
  });

  it.each([
    { name: 'bad secret', form: { client_secret: 'wrong' }, status: 401, error: 'invalid_client', code: 7000215 },
    { name: 'unknown client', form: { client_id: '00000000-1111-2222-3333-444444444444' }, status: 400, error: 'unauthorized_client', code: 700016 },
    { name: 'scope of another resource', form: { scope: 'https://graph.microsoft.com/.default' }, status: 400, error: 'invalid_resource', code: 500011 },
    { name: 'scope without /.default', form: { scope: 'SELF/User.Read' }, status: 400, error: 'invalid_scope', code: 1002012 },
    { name: 'no scope', form: { scope: '' }, status: 400, error: 'invalid_request', code: 900144 },
    { name: 'unsupported grant', form: { grant_type: 'password' }, status: 400, error: 'unsupported_grant_type', code: 70003 },
  ])('refuses a $name', async ({ form, status, error, code }) => {
    const fixed = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.replace('SELF', sandbox().url)]));
    const reply = await token(secretForm(fixed));
    expect(reply.status).toBe(status);
    expect(reply.json.error).toBe(error);
    expect(reply.json.error_codes).toEqual([code]);
    expect(reply.json.error_description).toMatch(new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z$`));
    expect(reply.json).toHaveProperty('trace_id');
    expect(reply.json).toHaveProperty('correlation_id');
    expect(reply.json).toHaveProperty('timestamp');
  });

  it('refuses an unknown tenant with AADSTS90002', async () => {
    const reply = await token(secretForm(), `${sandbox().url}/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token`);
    expect(reply.status).toBe(400);
    expect(reply.json.error_codes).toEqual([90002]);
  });

  it('echoes client-request-id as the correlation id', async () => {
    const reply = await call(sandbox(), 'POST', tokenUrl(sandbox()), {
      form: secretForm({ client_secret: 'nope' }),
      headers: { 'client-request-id': '0b0e6d7c-1d2e-4f3a-9b8c-7d6e5f4a3b2c' },
    });
    expect(reply.json.correlation_id).toBe('0b0e6d7c-1d2e-4f3a-9b8c-7d6e5f4a3b2c');
  });
});

describe('client credentials with a certificate assertion', () => {
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const assertionForm = (overrides: AssertionOverrides = {}) => {
    const sb = sandbox();
    return { grant_type: 'client_credentials', client_id: sb.credentials.clientId, client_assertion_type: JWT_BEARER, client_assertion: clientAssertion(sb, overrides), scope: `${sb.url}/.default` };
  };

  it.each([{ alg: 'RS256' as const }, { alg: 'PS256' as const }])('accepts $alg signed by the registered certificate', async ({ alg }) => {
    const reply = await token(assertionForm({ alg }));
    expect(reply.status).toBe(200);
    expect(reply.json.access_token).toBeTruthy();
  });

  it.each([
    { name: 'a key that is not the certificate', overrides: { key: strangerKey }, code: 700027 },
    { name: 'a thumbprint of another certificate', overrides: { header: { x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' } }, code: 700027 },
    { name: 'an expired assertion', overrides: { claims: { exp: Math.floor(Date.now() / 1000) - 60 } }, code: 700024 },
    { name: 'another audience', overrides: { claims: { aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' } }, code: 700023 },
    { name: 'another issuer', overrides: { claims: { iss: 'someone-else' } }, code: 700021 },
  ])('refuses $name', async ({ overrides, code }) => {
    const reply = await token(assertionForm(overrides as AssertionOverrides));
    expect(reply.status).toBe(401);
    expect(reply.json.error).toBe('invalid_client');
    expect(reply.json.error_codes).toEqual([code]);
  });

  it('requires the jwt-bearer assertion type', async () => {
    const reply = await token({ ...assertionForm(), client_assertion_type: 'urn:other' });
    expect(reply.status).toBe(400);
    expect(reply.json.error_codes).toEqual([9002313]);
  });
});

describe('authorization code and refresh tokens', () => {
  const codeForm = (code: string, redirect = 'https://localhost/callback') => {
    const sb = sandbox();
    return {
      grant_type: 'authorization_code', client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret,
      code, redirect_uri: redirect, scope: `${sb.url}/.default offline_access openid profile`,
    };
  };
  const refreshForm = (refreshToken: string) => {
    const sb = sandbox();
    return { grant_type: 'refresh_token', client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret, refresh_token: refreshToken, scope: `${sb.url}/.default offline_access openid profile` };
  };

  it('redeems a code once, then rotates the refresh token on every refresh', async () => {
    const code = sandbox().issueAuthCode();
    const first = await token(codeForm(code));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(first.json.refresh_token).toBeTruthy();
    const info = JSON.parse(Buffer.from(first.json.client_info, 'base64url').toString());
    expect(info).toEqual({ uid: sandbox().tenant.findUser('adele.vance@contoso.com')?.id, utid: sandbox().credentials.tenantId });
    const idClaims = JSON.parse(Buffer.from(first.json.id_token.split('.')[1], 'base64url').toString());
    expect(idClaims).toMatchObject({ aud: sandbox().credentials.clientId, preferred_username: 'adele.vance@contoso.com' });

    const again = await token(codeForm(code));
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });

    const second = await token(refreshForm(first.json.refresh_token));
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.json.refresh_token);
    const reused = await token(refreshForm(first.json.refresh_token));
    expect(reused.status).toBe(400);
    expect(reused.json.error_codes).toEqual([700082]);
    const third = await token(refreshForm(second.json.refresh_token));
    expect(third.status).toBe(200);
  });

  it.each([
    { name: 'an unknown code', code: () => 'not-a-code', redirect: undefined, error: 70008 },
    { name: 'another redirect URI', code: () => sandbox().issueAuthCode(), redirect: 'https://localhost/other', error: 500112 },
  ])('refuses $name', async ({ code, redirect, error }) => {
    const reply = await token(codeForm(code(), redirect));
    expect(reply.status).toBe(400);
    expect(reply.json.error_codes).toEqual([error]);
  });

  it('refuses a refresh token issued before the user’s sessions were revoked', async () => {
    const first = await token(codeForm(sandbox().issueAuthCode('megan.bowen@contoso.com')));
    await new Promise((r) => setTimeout(r, 5));
    const graph = await call(sandbox(), 'POST', '/v1.0/users/megan.bowen%40contoso.com/revokeSignInSessions', { headers: { authorization: `Bearer ${first.json.access_token}` } });
    expect(graph.status).toBe(200);
    const reply = await token(refreshForm(first.json.refresh_token));
    expect(reply.status).toBe(400);
    expect(reply.json.error_codes).toEqual([50173]);
  });

  it('issues codes from the authorize endpoint by redirect', async () => {
    const sb = sandbox();
    const url = `/${sb.credentials.tenantId}/oauth2/v2.0/authorize?response_type=code&client_id=${sb.credentials.clientId}&redirect_uri=${encodeURIComponent('https://localhost/callback')}&state=xyz&login_hint=alex.wilber%40contoso.com`;
    const reply = await call(sb, 'GET', url);
    expect(reply.status).toBe(302);
    const location = new URL(String(reply.headers['location']));
    expect(location.origin + location.pathname).toBe('https://localhost/callback');
    expect(location.searchParams.get('state')).toBe('xyz');
    const redeemed = await token(codeForm(location.searchParams.get('code') as string));
    expect(redeemed.status).toBe(200);
  });
});

describe('discovery and the v1 endpoint', () => {
  it('serves the OpenID configuration', async () => {
    const sb = sandbox();
    const reply = await call(sb, 'GET', `/${sb.credentials.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(reply.status).toBe(200);
    expect(reply.json.token_endpoint).toBe(tokenUrl(sb));
  });

  it.each([
    { resource: 'graph', status: 200, graphStatus: 200 },
    { resource: 'https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector', status: 200, graphStatus: 401 },
    { resource: 'https://example.com/', status: 400, graphStatus: undefined },
  ])('v1 token for $resource', async ({ resource, status, graphStatus }) => {
    const sb = sandbox();
    const form = {
      grant_type: 'client_credentials', client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret,
      resource: resource === 'graph' ? `${sb.url}/` : resource, scope: 'openid',
    };
    const reply = await call(sb, 'POST', `/${sb.credentials.tenantId}/oauth2/token`, { form });
    expect(reply.status).toBe(status);
    if (status !== 200) return;
    expect(reply.json).toMatchObject({ token_type: 'Bearer', resource: form.resource });
    expect(Number(reply.json.expires_on)).toBeGreaterThan(Date.now() / 1000);
    const graph = await call(sb, 'GET', '/v1.0/users?$top=1', { headers: { authorization: `Bearer ${reply.json.access_token}` } });
    expect(graph.status).toBe(graphStatus);
  });
});
