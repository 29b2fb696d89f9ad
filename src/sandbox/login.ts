import type { KeyObject, X509Certificate } from 'node:crypto';
import { verifyClientAssertion } from './client-assertion';
import { idToken, openIdConfiguration } from './login-metadata';
import { newGuid } from './random';
import { CLIENT_ID, TENANT_ID, type Tenant } from './tenant';
import type { TokenStore } from './token-store';
import type { GraphResponse, JsonObject } from './types';

/** The only redirect URI registered on the sandbox app. */
export const REDIRECT_URI = 'https://localhost/callback';
export const MFA_RESOURCE = 'https://adnotifications.windowsazure.com/StrongAuthenticationService.svc/Connector';
const TENANT_NAMES = [TENANT_ID, 'contoso.onmicrosoft.com', 'contoso.com'];
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface LoginDeps {
  tenant: Tenant;
  tokens: TokenStore;
  origin: string;
  appCertificate: X509Certificate;
  signingKey: KeyObject;
  signingKeyId: string;
  /** The user an authorization code is issued for when none is named. */
  defaultUser: () => string;
}

export interface LoginRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  bodyText: string | undefined;
}

/** A token-endpoint error, shaped like Entra's (AADSTS code in the description, trace ids, timestamp). */
class LoginError extends Error {
  constructor(readonly status: number, readonly error: string, readonly aadsts: number, readonly description: string) {
    super(description);
  }
}

/** AADSTS500011's text, also used by the IMDS emulator. */
export const unknownResource = (resource: string) =>
  `The resource principal named ${resource} was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`;
const unknownClient = (clientId: string) =>
  new LoginError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
const missing = (name: string) => new LoginError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

function entraTimestamp(date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Entra's error body: the AADSTS code leads the description, trace ids and a timestamp end it. */
export function entraErrorBody(error: string, aadsts: number, description: string, correlationId: string): JsonObject {
  const traceId = newGuid();
  const now = entraTimestamp();
  return {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${now}`,
    error_codes: [aadsts],
    timestamp: now,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  };
}

function json(status: number, body: JsonObject): GraphResponse {
  return { status, headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' }, body };
}

/** Serves the identity-platform endpoints under `/{tenant}/...`; undefined when the path is not one of them. */
export function handleLogin(req: LoginRequest, deps: LoginDeps): GraphResponse | undefined {
  const match = /^\/([^/]+)\/(oauth2\/v2\.0\/token|oauth2\/token|v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|discovery\/v2\.0\/keys)$/.exec(req.path);
  if (!match) return undefined;
  const tenantName = decodeURIComponent(match[1] as string);
  const endpoint = match[2] as string;
  const correlationId = req.headers['client-request-id'] ?? newGuid();
  try {
    if (!TENANT_NAMES.some((t) => t.toLowerCase() === tenantName.toLowerCase())) {
      throw new LoginError(400, 'invalid_request', 90002, `Tenant '${tenantName}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }
    const expected = endpoint.endsWith('token') ? 'POST' : 'GET';
    if (req.method !== expected) throw new LoginError(405, 'invalid_request', 9002313, 'Invalid request. Request is malformed or invalid.');
    switch (endpoint) {
      case 'v2.0/.well-known/openid-configuration':
        return json(200, openIdConfiguration(deps.origin, tenantName));
      case 'discovery/v2.0/keys':
        return json(200, { keys: [{ kty: 'RSA', use: 'sig', kid: deps.signingKeyId, ...deps.signingKey.export({ format: 'jwk' }) }] });
      case 'oauth2/v2.0/authorize':
        return authorize(req.query, deps);
      default: {
        const form = readForm(req);
        const tokenUrl = `${deps.origin}/${tenantName}/${endpoint}`;
        const response = endpoint === 'oauth2/token' ? tokenV1(form, tokenUrl, deps) : tokenV2(form, tokenUrl, deps);
        response.headers['client-request-id'] = correlationId;
        response.headers['x-ms-request-id'] = newGuid();
        return response;
      }
    }
  } catch (err) {
    if (err instanceof LoginError) return json(err.status, entraErrorBody(err.error, err.aadsts, err.description, correlationId));
    throw err;
  }
}

function readForm(req: LoginRequest): URLSearchParams {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded') || req.bodyText === undefined) {
    throw new LoginError(400, 'invalid_request', 9002313, 'Invalid request. Request is malformed or invalid.');
  }
  return new URLSearchParams(req.bodyText);
}

/** Authenticates the client by secret or by certificate assertion; returns the client id. */
function authenticateClient(form: URLSearchParams, tokenUrl: string, deps: LoginDeps): string {
  const clientId = form.get('client_id');
  if (!clientId) throw missing('client_id');
  if (!deps.tenant.isKnownApp(clientId)) {
    throw unknownClient(clientId);
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!deps.tenant.secretMatches(clientId, secret)) {
      throw new LoginError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    return clientId;
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== JWT_BEARER) throw new LoginError(400, 'invalid_request', 9002313, 'Invalid request. Request is malformed or invalid.');
    const failure = clientId === CLIENT_ID
      ? verifyClientAssertion(assertion, clientId, tokenUrl, deps.appCertificate)
      : { code: 700027, message: 'The certificate with identifier used to sign the client assertion is not registered on application.' };
    if (failure) throw new LoginError(401, 'invalid_client', failure.code, failure.message);
    return clientId;
  }
  throw new LoginError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}

/** Checks the scope names exactly one resource, the sandbox's Graph, plus optional OpenID scopes. */
function checkScope(scope: string | null, origin: string, clientCredentials: boolean): string {
  if (!scope) throw missing('scope');
  const resources = scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  for (const value of resources) {
    const slash = value.indexOf('/', value.indexOf('//') + 2);
    const resource = slash > 0 ? value.slice(0, slash) : value;
    if (resource.toLowerCase() !== origin.toLowerCase()) {
      throw new LoginError(400, 'invalid_resource', 500011, unknownResource(resource));
    }
    if (clientCredentials && value.slice(slash) !== '/.default') {
      throw new LoginError(400, 'invalid_scope', 1002012, `The provided value for scope ${value} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
  }
  if (resources.length !== 1) throw new LoginError(400, 'invalid_scope', 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
  return scope;
}

function tokenV2(form: URLSearchParams, tokenUrl: string, deps: LoginDeps): GraphResponse {
  const grantType = form.get('grant_type');
  if (!grantType) throw missing('grant_type');
  if (grantType !== 'client_credentials' && grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new LoginError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }
  const clientId = authenticateClient(form, tokenUrl, deps);
  const scope = checkScope(form.get('scope'), deps.origin, grantType === 'client_credentials');
  const base = { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 };
  if (grantType === 'client_credentials') {
    const { token } = deps.tokens.issueAccess({ audience: 'graph', flow: 'client_credentials', clientId });
    return json(200, { ...base, access_token: token, scope });
  }
  const userId = grantType === 'authorization_code' ? redeemCode(form, deps) : redeemRefreshToken(form, clientId, deps);
  const user = deps.tenant.findUser(userId);
  if (!user) throw new LoginError(400, 'invalid_grant', 50034, `The user account ${userId} does not exist in the Contoso directory. To sign into this application, the account must be added to the directory.`);
  if (user['accountEnabled'] === false) throw new LoginError(400, 'invalid_grant', 50057, 'The user account is disabled.');
  const { token } = deps.tokens.issueAccess({ audience: 'graph', flow: grantType, clientId, userId: user.id });
  const refresh = deps.tokens.issueRefresh({ clientId, userId: user.id, scope });
  return json(200, {
    ...base,
    scope,
    access_token: token,
    refresh_token: refresh,
    id_token: idToken(deps, clientId, user),
    client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: TENANT_ID })).toString('base64url'),
  });
}

function redeemCode(form: URLSearchParams, deps: LoginDeps): string {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code) throw missing('code');
  if (!redirectUri) throw missing('redirect_uri');
  const result = deps.tokens.redeemCode(code);
  if (result.outcome !== 'ok') {
    throw result.outcome === 'redeemed'
      ? new LoginError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.')
      : new LoginError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
  }
  if (redirectUri !== result.redirectUri) {
    throw new LoginError(400, 'invalid_grant', 500112, `The reply address '${redirectUri}' does not match the reply address '${result.redirectUri}' provided when requesting Authorization code.`);
  }
  return result.userId;
}

function redeemRefreshToken(form: URLSearchParams, clientId: string, deps: LoginDeps): string {
  const token = form.get('refresh_token');
  if (!token) throw missing('refresh_token');
  const grant = deps.tokens.redeemRefresh(token);
  if (!grant) {
    throw new LoginError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity. The token was issued on an unknown date and was inactive for 90.00:00:00.');
  }
  if (grant.clientId !== clientId) throw new LoginError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
  const user = deps.tenant.findUser(grant.userId);
  const validFrom = Date.parse(String(user?.['signInSessionsValidFromDateTime'] ?? ''));
  // Graph keeps the revocation time to the second, so a grant from that same second counts as revoked.
  if (user && validFrom >= Math.floor(grant.issuedAt / 1000) * 1000) {
    throw new LoginError(400, 'invalid_grant', 50173, `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(grant.issuedAt).toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFrom).toISOString()}'.`);
  }
  return grant.userId;
}

function tokenV1(form: URLSearchParams, tokenUrl: string, deps: LoginDeps): GraphResponse {
  const grantType = form.get('grant_type');
  if (!grantType) throw missing('grant_type');
  if (grantType !== 'client_credentials') throw new LoginError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  const clientId = authenticateClient(form, tokenUrl, deps);
  const resource = form.get('resource');
  if (!resource) throw missing('resource');
  const graph = [deps.origin, `${deps.origin}/`].includes(resource);
  if (!graph && resource !== MFA_RESOURCE) {
    throw new LoginError(400, 'invalid_resource', 500011, unknownResource(resource));
  }
  const { token, expiresAt } = deps.tokens.issueAccess({ audience: graph ? 'graph' : 'mfa', flow: 'v1_client_credentials', clientId });
  const now = Math.floor(Date.now() / 1000);
  return json(200, {
    token_type: 'Bearer',
    expires_in: '3599',
    ext_expires_in: '3599',
    expires_on: String(Math.floor(expiresAt / 1000)),
    not_before: String(now),
    resource,
    access_token: token,
  });
}

function authorize(query: URLSearchParams, deps: LoginDeps): GraphResponse {
  const clientId = query.get('client_id') ?? '';
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!deps.tenant.isKnownApp(clientId)) throw unknownClient(clientId);
  if (redirectUri !== REDIRECT_URI) {
    throw new LoginError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  }
  if (query.get('response_type') !== 'code') throw new LoginError(400, 'unsupported_response_type', 9002313, 'Invalid request. Request is malformed or invalid.');
  const hint = query.get('login_hint');
  const user = deps.tenant.findUser(hint ?? deps.defaultUser());
  if (!user) throw new LoginError(400, 'invalid_request', 50034, `The user account ${hint ?? ''} does not exist in the Contoso directory.`);
  const code = deps.tokens.issueCode(user.id, redirectUri);
  const location = new URL(redirectUri);
  location.searchParams.set('code', code);
  const state = query.get('state');
  if (state !== null) location.searchParams.set('state', state);
  location.searchParams.set('session_state', newGuid());
  return { status: 302, headers: { Location: location.toString() } };
}
