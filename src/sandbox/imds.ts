import { unknownResource } from './login';
import type { TokenStore } from './token-store';
import type { GraphResponse } from './types';

/** The VM's system-assigned identity and one user-assigned identity (test-only ids). */
export const SYSTEM_IDENTITY_CLIENT_ID = 'a9d4f2b6-3c81-4e57-b0d9-6f2e8c4a1b73';
export const USER_IDENTITY_CLIENT_ID = 'e5b7c3d1-8f24-4a96-9c0e-1d7a3f5b2e84';

function failure(status: number, error: string, description: string): GraphResponse {
  return { status, headers: {}, body: { error, error_description: description } };
}

/**
 * The Azure Instance Metadata Service token endpoint, as msal's ManagedIdentityApplication calls it:
 * `GET /metadata/identity/oauth2/token?api-version=...&resource=<Graph>/[&client_id=...]` with `Metadata: true`.
 */
export function handleImds(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, tokens: TokenStore, graphOrigin: string): GraphResponse {
  // msal canonicalises the endpoint with a trailing slash; IMDS takes both.
  if (path.replace(/\/$/, '') !== '/metadata/identity/oauth2/token') return failure(404, 'not_found', 'The requested path is not available on the metadata service.');
  if (method !== 'GET') return failure(405, 'invalid_request', 'Only GET is supported.');
  if (headers['metadata']?.toLowerCase() !== 'true') return failure(400, 'invalid_request', 'Required metadata header not specified');
  if (!query.get('api-version')) return failure(400, 'invalid_request', "Required query variable 'api-version' is missing");
  const resource = query.get('resource');
  if (!resource) return failure(400, 'invalid_request', "Required query variable 'resource' is missing");
  if (resource !== `${graphOrigin}/`) {
    return failure(400, 'invalid_resource', `AADSTS500011: ${unknownResource(resource)}`);
  }
  for (const name of ['object_id', 'mi_res_id', 'msi_res_id']) {
    if (query.has(name)) return failure(400, 'invalid_request', 'Identity not found');
  }
  const clientId = query.get('client_id') ?? SYSTEM_IDENTITY_CLIENT_ID;
  if (clientId !== SYSTEM_IDENTITY_CLIENT_ID && clientId !== USER_IDENTITY_CLIENT_ID) return failure(400, 'invalid_request', 'Identity not found');
  const lifetime = 86399;
  const { token, expiresAt } = tokens.issueAccess({ audience: 'graph', flow: 'managed_identity', clientId }, lifetime);
  const now = Math.floor(Date.now() / 1000);
  return {
    status: 200,
    headers: {},
    body: {
      access_token: token,
      client_id: clientId,
      expires_in: String(lifetime),
      expires_on: String(Math.floor(expiresAt / 1000)),
      ext_expires_in: String(lifetime),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    },
  };
}
