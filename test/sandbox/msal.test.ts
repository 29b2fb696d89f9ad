import { ConfidentialClientApplication, ManagedIdentityApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server';
import { call, useSandbox } from './support';

const sandbox = useSandbox();

/** msal's network client over node:https, trusting the sandbox CA (what the plugin does with axios). */
function networkClient(sb: Sandbox): INetworkModule {
  const send = <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const requester = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = requester(target, { method, headers: options?.headers ?? {}, ca: readFileSync(sb.caCertPath), agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({ status: res.statusCode ?? 0, headers, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as T });
        });
      });
      req.on('error', reject);
      req.end(options?.body);
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function confidentialClient(sb: Sandbox, credential: { clientSecret: string } | { clientCertificate: { thumbprint?: string; thumbprintSha256?: string; privateKey: string } }) {
  const authority = `${sb.url}/${sb.credentials.tenantId}`;
  return new ConfidentialClientApplication({
    auth: {
      clientId: sb.credentials.clientId,
      authority,
      knownAuthorities: [new URL(sb.url).host],
      authorityMetadata: JSON.stringify({
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        issuer: `${sb.url}/${sb.credentials.tenantId}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      }),
      ...credential,
    },
    system: { networkClient: networkClient(sb), disableInternalRetries: true },
  });
}

async function graphStatus(sb: Sandbox, accessToken: string): Promise<number> {
  return (await call(sb, 'GET', '/v1.0/users?$top=1&$select=id', { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

describe('msal-node against the sandbox (one token POST per flow, no discovery)', () => {
  it.each([
    { name: 'client secret', credential: (sb: Sandbox) => ({ clientSecret: sb.credentials.clientSecret }) },
    { name: 'certificate (SHA-1 thumbprint, RS256)', credential: (sb: Sandbox) => ({ clientCertificate: { thumbprint: sb.credentials.thumbprintSha1, privateKey: readFileSync(sb.credentials.appKeyPath, 'utf8') } }) },
    { name: 'certificate (SHA-256 thumbprint, PS256)', credential: (sb: Sandbox) => ({ clientCertificate: { thumbprintSha256: sb.credentials.thumbprintSha256, privateKey: readFileSync(sb.credentials.appKeyPath, 'utf8') } }) },
  ])('$name', async ({ credential }) => {
    const sb = sandbox();
    const before = sb.requests.length;
    const result = await confidentialClient(sb, credential(sb)).acquireTokenByClientCredential({ scopes: [`${sb.url}/.default`] });
    expect(result?.accessToken).toBeTruthy();
    const loginCalls = sb.requests.slice(before).filter((r) => r.service === 'login');
    expect(loginCalls.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /${sb.credentials.tenantId}/oauth2/v2.0/token`]);
    expect(await graphStatus(sb, result?.accessToken as string)).toBe(200);
  });

  it('authorization code, then a silent refresh after the access token expires', async () => {
    const sb = sandbox();
    const app = confidentialClient(sb, { clientSecret: sb.credentials.clientSecret });
    const scopes = [`${sb.url}/.default`];
    const first = await app.acquireTokenByCode({ code: sb.issueAuthCode(), redirectUri: 'https://localhost/callback', scopes });
    expect(first.account?.username).toBe('adele.vance@contoso.com');
    const [account] = await app.getTokenCache().getAllAccounts();
    expect(account).toBeDefined();
    const refreshed = await app.acquireTokenSilent({ account: account as NonNullable<typeof account>, scopes, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(await graphStatus(sb, refreshed.accessToken)).toBe(200);
    const grants = sb.requests.filter((r) => r.service === 'login').map((r) => (r.body as Record<string, string>)['grant_type']);
    expect(grants.slice(-2)).toEqual(['authorization_code', 'refresh_token']);
  });
});

describe('msal-node managed identity against the IMDS emulator', () => {
  const saved = process.env['AZURE_POD_IDENTITY_AUTHORITY_HOST'];
  afterEach(() => {
    process.env['AZURE_POD_IDENTITY_AUTHORITY_HOST'] = saved;
  });

  it.each([{ userAssignedClientId: undefined }, { userAssignedClientId: 'user' }])('system or user assigned ($userAssignedClientId)', async ({ userAssignedClientId }) => {
    const sb = sandbox();
    process.env['AZURE_POD_IDENTITY_AUTHORITY_HOST'] = sb.imdsUrl;
    const app = new ManagedIdentityApplication({
      ...(userAssignedClientId ? { managedIdentityIdParams: { userAssignedClientId: sb.credentials.userIdentityClientId } } : {}),
      system: { networkClient: networkClient(sb), disableInternalRetries: true },
    });
    const result = await app.acquireToken({ resource: `${sb.url}/` });
    expect(await graphStatus(sb, result.accessToken)).toBe(200);
  });
});
