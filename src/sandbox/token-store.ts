import { createHmac, timingSafeEqual } from 'node:crypto';
import { opaqueToken } from './random';

/** Who a token was issued to and for which resource. */
export interface AccessGrant {
  audience: 'graph' | 'mfa';
  flow: 'client_credentials' | 'authorization_code' | 'refresh_token' | 'managed_identity' | 'v1_client_credentials';
  clientId: string;
  userId?: string;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
}

interface CodeGrant {
  userId: string;
  redirectUri: string;
  expiresAt: number;
  redeemed: boolean;
}

const ACCESS_LIFETIME_S = 3599;
const REFRESH_LIFETIME_MS = 90 * 86_400_000;
const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * Signed access tokens, rotating refresh tokens and one-time authorization codes. An access token
 * carries its grant and an HMAC, as Entra's carry a signature: a later sandbox of the same seed
 * accepts it, so a client's cached token survives a sandbox restart (as it survives in a tenant).
 */
export class TokenStore {
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, CodeGrant>();
  private readonly key: Buffer;
  /** Tokens issued before this instant are expired (`expireAll`). */
  private validFrom = 0;
  issued = 0;

  constructor(seed = 1) {
    this.key = createHmac('sha256', 'entra-users sandbox token signing').update(String(seed)).digest();
  }

  issueAccess(grant: Omit<AccessGrant, 'expiresAt'>, lifetimeSeconds = ACCESS_LIFETIME_S): { token: string; expiresAt: number } {
    if (this.access.size > 50_000) this.sweep();
    const expiresAt = Date.now() + lifetimeSeconds * 1000;
    const payload = Buffer.from(JSON.stringify({ ...grant, expiresAt, issuedAt: Date.now(), n: opaqueToken(12) })).toString('base64url');
    const token = `sbx.${payload}.${this.sign(payload)}`;
    this.access.set(token, { ...grant, expiresAt });
    this.issued++;
    return { token, expiresAt };
  }

  lookup(token: string): AccessGrant | undefined {
    const known = this.access.get(token);
    if (known) return known;
    const [prefix, payload, signature] = token.split('.');
    if (prefix !== 'sbx' || !payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { issuedAt, n: _nonce, ...grant } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessGrant & { issuedAt: number; n: string };
      const restored = issuedAt < this.validFrom ? { ...grant, expiresAt: Date.now() - 1 } : grant;
      this.access.set(token, restored);
      return restored;
    } catch {
      return undefined;
    }
  }

  /** Makes a token expired now (the `expire-token` fault). */
  expire(token: string): void {
    const grant = this.lookup(token);
    if (grant) grant.expiresAt = Date.now() - 1;
  }

  /** Expires every token, as if an hour had passed. */
  expireAll(): void {
    this.validFrom = Date.now() + 1;
    for (const grant of this.access.values()) grant.expiresAt = Date.now() - 1;
  }

  issueRefresh(grant: Omit<RefreshGrant, 'issuedAt' | 'expiresAt'>): string {
    const token = `0.sbx.${opaqueToken(64)}`;
    this.refresh.set(token, { ...grant, issuedAt: Date.now(), expiresAt: Date.now() + REFRESH_LIFETIME_MS });
    return token;
  }

  /** Takes a refresh token out of the store: each one is good for one refresh (rotation). */
  redeemRefresh(token: string): RefreshGrant | undefined {
    const grant = this.refresh.get(token);
    this.refresh.delete(token);
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }

  issueCode(userId: string, redirectUri: string): string {
    const code = `0.AXsA${opaqueToken(96)}`;
    this.codes.set(code, { userId, redirectUri, expiresAt: Date.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  redeemCode(code: string): { outcome: 'ok'; userId: string; redirectUri: string } | { outcome: 'redeemed' | 'invalid' } {
    const grant = this.codes.get(code);
    if (!grant || grant.expiresAt <= Date.now()) return { outcome: 'invalid' };
    if (grant.redeemed) return { outcome: 'redeemed' };
    grant.redeemed = true;
    return { outcome: 'ok', userId: grant.userId, redirectUri: grant.redirectUri };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, grant] of this.access) if (grant.expiresAt < now) this.access.delete(token);
  }
}
