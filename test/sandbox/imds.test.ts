import { describe, expect, it } from 'vitest';
import { call, useSandbox } from './support';

const sandbox = useSandbox();

interface ImdsCase {
  name: string;
  query: (url: string) => string;
  headers: Record<string, string>;
  status: number;
  error?: string;
  clientId?: 'system' | 'user';
}

describe('IMDS emulator', () => {
  it.each<ImdsCase>([
    { name: 'system-assigned', query: (url: string) => `api-version=2018-02-01&resource=${encodeURIComponent(`${url}/`)}`, headers: { Metadata: 'true' }, status: 200, clientId: 'system' },
    { name: 'user-assigned by client_id', query: (url: string) => `api-version=2018-02-01&resource=${encodeURIComponent(`${url}/`)}&client_id=e5b7c3d1-8f24-4a96-9c0e-1d7a3f5b2e84`, headers: { Metadata: 'true' }, status: 200, clientId: 'user' },
    { name: 'no Metadata header', query: (url: string) => `api-version=2018-02-01&resource=${encodeURIComponent(`${url}/`)}`, headers: {}, status: 400, error: 'invalid_request' },
    { name: 'no api-version', query: (url: string) => `resource=${encodeURIComponent(`${url}/`)}`, headers: { Metadata: 'true' }, status: 400, error: 'invalid_request' },
    { name: 'another resource', query: () => 'api-version=2018-02-01&resource=https%3A%2F%2Fgraph.microsoft.com%2F', headers: { Metadata: 'true' }, status: 400, error: 'invalid_resource' },
    { name: 'an unknown identity', query: (url: string) => `api-version=2018-02-01&resource=${encodeURIComponent(`${url}/`)}&client_id=00000000-0000-0000-0000-000000000001`, headers: { Metadata: 'true' }, status: 400, error: 'invalid_request' },
  ])('$name', async ({ query, headers, status, error, clientId }) => {
    const sb = sandbox();
    const reply = await call(sb, 'GET', `${sb.imdsUrl}/metadata/identity/oauth2/token?${query(sb.url)}`, { headers });
    expect(reply.status).toBe(status);
    if (status !== 200) {
      expect(reply.json.error).toBe(error);
      return;
    }
    expect(reply.json).toMatchObject({ token_type: 'Bearer', expires_in: '86399', resource: `${sb.url}/` });
    expect(reply.json.client_id).toBe(clientId === 'system' ? sb.credentials.systemIdentityClientId : sb.credentials.userIdentityClientId);
    expect(typeof reply.json.expires_on).toBe('string');
    expect(Number(reply.json.expires_on)).toBeGreaterThan(Date.now() / 1000 + 80_000);
    const graph = await call(sb, 'GET', '/v1.0/users?$top=1', { headers: { authorization: `Bearer ${reply.json.access_token}` } });
    expect(graph.status).toBe(200);
  });

  it('logs IMDS requests as their own service', async () => {
    const sb = sandbox();
    expect(sb.requests.some((r) => r.service === 'imds' && r.path === '/metadata/identity/oauth2/token')).toBe(true);
  });
});
