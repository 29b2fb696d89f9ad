import { UserInputError } from '../errors';
import { Secret, registerSecret } from '../secret';
import type { Params } from '../spec/params';
import type { Cloud } from './clouds';
import { toPkcs8Pem } from './private-key';

/** The names used in `Failed to get an access token (<flow>).` and in the cache fingerprint. */
export type FlowName = 'secret' | 'certificate' | 'authorization code' | 'managed identity';

export interface ClientCertificate {
  /** Upper-case hex without separators. */
  thumbprint: string;
  kind: 'sha1' | 'sha256';
  /** PKCS#8 PEM. */
  privateKey: Secret;
}

/** How the client proves who it is, for the confidential flows. */
export type ClientCredential = { kind: 'secret'; secret: Secret } | { kind: 'certificate'; certificate: ClientCertificate };

export interface ConfidentialFlow {
  flow: 'secret' | 'certificate' | 'authorization code';
  clientId: string;
  tenant: string;
  credential: ClientCredential;
  /** Authorization-code flow only. */
  code?: Secret;
  redirectUri?: string;
}

export interface ManagedIdentityFlow {
  flow: 'managed identity';
  /** Empty for a system-assigned identity. */
  clientId?: string;
}

export type AuthFlow = ConfidentialFlow | ManagedIdentityFlow;

export const AUTH_CODE_NEEDS_REDIRECT =
  'Please provide both Application redirect URI and Authorization code for Authorization Code flow, or None for the Client Credentials flow';
export const NO_CREDENTIALS =
  'Key or Certificate Thumbprint and Private Key must be provided, or an Authorization code with an Application redirect URI, or Azure Managed Identities enabled.';
export const HALF_A_CERTIFICATE = 'Both Certificate Thumbprint and Private Key are required for certificate authentication.';
export const BAD_THUMBPRINT =
  'Certificate Thumbprint must be a 40-character (SHA-1) or 64-character (SHA-256) hex string.';
export const SESSION_STATE_IN_CODE =
  'Malformed auth_code parameter: Please copy the auth code from the redirected uri without any additional info and without the "session_state" query parameter.';

function thumbprintOf(text: string): Pick<ClientCertificate, 'thumbprint' | 'kind'> {
  const hex = text.replace(/[\s:]/g, '');
  if (/^[0-9a-f]{40}$/i.test(hex)) return { thumbprint: hex.toUpperCase(), kind: 'sha1' };
  if (/^[0-9a-f]{64}$/i.test(hex)) return { thumbprint: hex.toUpperCase(), kind: 'sha256' };
  throw new UserInputError(BAD_THUMBPRINT);
}

/** The converted key is as secret as the original: scrub it from any log line too. */
function derivedSecret(value: string): Secret {
  registerSecret(value);
  return new Secret(value);
}

function certificateOf(params: Params): { certificate?: ClientCertificate; half: boolean } {
  const thumbprint = params.identifier('creds_certificate') ?? params.credential('certificate_thumbprint');
  const key = params.secret('creds_certificate', 'private_key');
  if (!thumbprint && !key) return { half: false };
  if (!thumbprint || !key) return { half: true };
  const { thumbprint: hex, kind } = thumbprintOf(thumbprint);
  const pem = toPkcs8Pem(key.reveal());
  return { certificate: { thumbprint: hex, kind, privateKey: derivedSecret(pem) }, half: false };
}

/** SPEC.md §2.3: the first matching rule wins; everything here happens before any network call. */
export function chooseFlow(params: Params): AuthFlow {
  if (params.bool('use_managed_identities')) {
    const clientId = params.credential('managed_identities_client_id');
    return { flow: 'managed identity', ...(clientId ? { clientId } : {}) };
  }
  const code = params.secret('creds_auth_code', 'auth_code');
  const secret = params.secret('creds_enc_key', 'enc_key');
  const redirectUri = params.text('redirect_uri');
  if (code && !redirectUri) throw new UserInputError(AUTH_CODE_NEEDS_REDIRECT);
  const { certificate, half } = certificateOf(params);
  if (!code && !certificate && !secret) throw new UserInputError(half ? HALF_A_CERTIFICATE : NO_CREDENTIALS);
  if (code && !certificate && !secret) throw new UserInputError(half ? HALF_A_CERTIFICATE : NO_CREDENTIALS);

  const clientId = params.credential('creds_auth_id', 'auth_id');
  if (!clientId) throw new UserInputError('The ID / client ID parameter is required.');
  const tenant = params.credential('creds_tenant_id', 'tenant_id');
  if (!tenant) throw new UserInputError('The Token / Tenant ID parameter is required.');

  const credential: ClientCredential = certificate ? { kind: 'certificate', certificate } : { kind: 'secret', secret: secret as Secret };
  if (code) {
    if (code.reveal().includes('session_state')) throw new UserInputError(SESSION_STATE_IN_CODE);
    return { flow: 'authorization code', clientId, tenant, credential, code, redirectUri };
  }
  return { flow: certificate ? 'certificate' : 'secret', clientId, tenant, credential };
}

/** The scope of every confidential flow (SPEC.md §2.2). */
export function scopeOf(cloud: Cloud): string {
  return `${cloud.graph}/.default`;
}
