import { constants, createHash, verify, type X509Certificate } from 'node:crypto';
import { isJsonObject, type JsonObject } from './types';

export interface AssertionFailure {
  code: number;
  message: string;
}

const SKEW_S = 300;

function decodePart(part: string | undefined): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a client assertion the way Entra does for a certificate credential: RS256 with an `x5t`
 * (SHA-1 thumbprint) header or PS256 with `x5t#S256`, signed by the registered certificate, with
 * `aud` the token URL, `iss` = `sub` = the client id and an `exp` in the future.
 */
export function verifyClientAssertion(assertion: string, clientId: string, tokenUrl: string, certificate: X509Certificate): AssertionFailure | undefined {
  const parts = assertion.split('.');
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (parts.length !== 3 || !header || !claims) return { code: 50027, message: 'JWT token is invalid or malformed.' };

  const alg = header['alg'];
  const sha1 = createHash('sha1').update(certificate.raw).digest('base64url');
  const sha256 = createHash('sha256').update(certificate.raw).digest('base64url');
  const presented = alg === 'RS256' ? header['x5t'] : alg === 'PS256' ? header['x5t#S256'] : undefined;
  if (alg !== 'RS256' && alg !== 'PS256') return { code: 5002738, message: `Invalid JWT token. '${String(alg)}' is not a supported signature algorithm.` };
  if (presented !== (alg === 'RS256' ? sha1 : sha256)) {
    const shown = typeof presented === 'string' ? Buffer.from(presented, 'base64url').toString('hex').toUpperCase() : 'none';
    return {
      code: 700027,
      message: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${shown}']`,
    };
  }

  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2] as string, 'base64url');
  const key = alg === 'RS256'
    ? { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING }
    : { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };
  if (!verify('sha256', signed, key, signature)) return { code: 700027, message: 'Client assertion failed signature validation.' };

  if (claims['aud'] !== tokenUrl) {
    return { code: 700023, message: `Client assertion audience claim does not match Realm issuer. Expected '${tokenUrl}', got '${String(claims['aud'])}'.` };
  }
  if (claims['iss'] !== clientId || claims['sub'] !== clientId) {
    return { code: 700021, message: "Client assertion application identifier doesn't match 'client_id' parameter." };
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  if (typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now + SKEW_S)) {
    return { code: 700024, message: `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, expiry time of assertion ${typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'missing'}.` };
  }
  return undefined;
}
