import { createHash, sign } from 'node:crypto';
import type { LoginDeps } from './login';
import { TENANT_ID } from './tenant';
import type { JsonObject } from './types';
import type { UserRecord } from './user-directory';

/** An id token for the signed-in user, signed RS256 with the sandbox's key (msal reads its claims). */
export function idToken(deps: LoginDeps, clientId: string, user: UserRecord): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', kid: deps.signingKeyId };
  const claims = {
    aud: clientId,
    iss: `${deps.origin}/${TENANT_ID}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: String(user['displayName'] ?? ''),
    oid: user.id,
    preferred_username: user.userPrincipalName,
    sub: createHash('sha256').update(`${user.id}|${clientId}`).digest('base64url').slice(0, 43),
    tid: TENANT_ID,
    ver: '2.0',
  };
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), deps.signingKey).toString('base64url')}`;
}

/** The tenant's OpenID Connect discovery document. */
export function openIdConfiguration(origin: string, tenant: string): JsonObject {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${TENANT_ID}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'preferred_username', 'tid', 'ver'],
    tenant_region_scope: 'NA',
    cloud_instance_name: 'sandbox.local',
    cloud_graph_host_name: new URL(origin).host,
    msgraph_host: new URL(origin).host,
  };
}
